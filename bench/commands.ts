// Measurements of the `wasmlp` command as a user runs it: peak resident memory and
// the speed-up from worker threads.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/wasmlp.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./rss-probe.js', import.meta.url));

function wasmlp(args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', PROBE, BIN, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wasmlp ${args.join(' ')} failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Peak resident memory of `wasmlp experiment` with its defaults, in MB (median of runs). */
export function experimentPeakRssMb(runs = 3): number {
  const values = Array.from({ length: runs }, () => {
    const match = /wasmlp-peak-rss-kb (\d+)/.exec(wasmlp(['experiment']).stderr);
    if (!match) throw new Error('the memory probe reported nothing');
    return Number(match[1]) / 1024;
  });
  return values.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Wall seconds of a many-run experiment on 1 and on 2 worker threads, as the command reports them. */
export function workerScaling(): { runs: number; oneThread: number; twoThreads: number } {
  const args = ['experiment', '--seeds', '20', '--train', 'every'];
  const seconds = (workers: number): { runs: number; seconds: number } => {
    const match = /(\d+) runs in ([\d.]+) s/.exec(wasmlp([...args, '--workers', String(workers)]).stdout);
    if (!match) throw new Error('the experiment did not report its time');
    return { runs: Number(match[1]), seconds: Number(match[2]) };
  };
  const one = seconds(1);
  const two = seconds(2);
  return { runs: one.runs, oneThread: one.seconds, twoThreads: two.seconds };
}
