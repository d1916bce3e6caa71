// Loaded with `node --import` into a command under test: reports the process's peak
// resident memory on stderr as it exits, so the benchmark can read it without /usr/bin/time.
// Linux's VmHWM belongs to this process's own memory; getrusage's maxRSS would also count
// the parent the process was forked from (it survives exec), inflating a child of a big benchmark.
import { readFileSync } from 'node:fs';

function peakKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  process.stderr.write(`\nwasmlp-peak-rss-kb ${peakKb()}\n`);
});
