// Loaded with `node --import` into a command under test: reports the process's peak
// resident memory on stderr as it exits, so the benchmark can read it without /usr/bin/time.
process.on('exit', () => {
  process.stderr.write(`\nwasmlp-peak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
