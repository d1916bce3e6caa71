// Timing a fresh process from spawn(): when each line of its output arrives and when it exits.
// Shared by the cold figures of `npm run bench` and by `npm run bench:runtimes`.
import { runBounded } from '../test/runtimes/children.js';

/**
 * The children's whole environment: what a runtime reads at startup is part of what is
 * measured (NODE_EXTRA_CA_CERTS, set on some machines, adds 60 ms to every Node start).
 */
export const CLEAN_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

export interface TimedProcess {
  /** Milliseconds from spawn() to the arrival of each complete line of stdout, in order. */
  lineMs: number[];
  /** Milliseconds from spawn() to the process's exit (its streams closed). */
  exitMs: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end, timing it from spawn(); rejects with the command's last stderr
 * when it fails (non-zero exit, a signal, or longer than timeoutMs).
 */
export async function timeProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<TimedProcess> {
  const lineMs: number[] = [];
  const started = performance.now();
  const finished = await runBounded(command, args, {
    cwd: options.cwd, env: options.env ?? CLEAN_ENV, timeoutMs: options.timeoutMs ?? 120_000,
    onStdout: (text) => {
      const now = performance.now() - started;
      for (const char of text) if (char === '\n') lineMs.push(now);
    },
  });
  const exitMs = performance.now() - started;
  if (finished.code !== 0) {
    const why = finished.stderr.trim().split('\n').filter((line) => line.trim() !== '').slice(-3).join(' / ') || `exit ${finished.code ?? finished.signal}`;
    throw new Error(`${[command, ...args].join(' ')} failed: ${why}`);
  }
  return { lineMs, exitMs, stdout: finished.stdout, stderr: finished.stderr };
}

/** The JSON lines a child printed, in order (other lines skipped). */
export function jsonLines<T>(stdout: string): T[] {
  return stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as T);
}
