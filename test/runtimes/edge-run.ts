// Runs the founding job in Deno or Bun as a child process (founding-cli.js), bounded in time,
// and returns its FoundingResult or fails with the runtime's own message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeBinary } from './binaries.js';
import { runBounded } from './children.js';
import type { FoundingJob, FoundingResult } from './founding-run.js';

const CLI = fileURLToPath(new URL('./founding-cli.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../', import.meta.url));

/** How each runtime runs a script that only reads files: no config, no network, no prompt. */
export function scriptCommand(
  runtime: 'node' | 'deno' | 'bun', script: string, readable: string[], scratch: string, baseEnv: NodeJS.ProcessEnv = process.env,
): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const env = { ...baseEnv, NO_COLOR: '1' };
  if (runtime === 'node') return { command: process.execPath, args: [script], env };
  if (runtime === 'deno') {
    return {
      command: runtimeBinary('deno'),
      args: ['run', '--quiet', '--no-config', '--no-remote', '--no-prompt', `--allow-read=${readable.join(',')}`, script],
      // A private cache, and no update check (there is no network but the registries).
      env: { ...env, DENO_DIR: join(scratch, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1' },
    };
  }
  return { command: runtimeBinary('bun'), args: ['--no-install', script], env: { ...env, DO_NOT_TRACK: '1' } };
}

/** The founding job run by `runtime`, with the kernels passed to the bundle as a URL or as bytes. */
export async function runFoundingIn(runtime: 'node' | 'deno' | 'bun', job: FoundingJob, wasmForm: 'url' | 'bytes', timeoutMs = 60_000): Promise<FoundingResult> {
  const scratch = mkdtempSync(join(tmpdir(), `wasmlp-${runtime}-`));
  try {
    const jobFile = join(scratch, 'job.json');
    writeFileSync(jobFile, JSON.stringify(job));
    const { command, args, env } = scriptCommand(runtime, CLI, [DIST, scratch], scratch);
    const run = await runBounded(command, [...args, jobFile, wasmForm], { cwd: scratch, env, timeoutMs });
    if (run.code !== 0) throw new Error(`${runtime} exited with ${run.code ?? run.signal}: ${run.stderr.trim().slice(-2000)}`);
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    try {
      return JSON.parse(line) as FoundingResult;
    } catch {
      throw new Error(`${runtime} printed no result line; stdout: ${run.stdout.slice(-500)} stderr: ${run.stderr.slice(-1000)}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
