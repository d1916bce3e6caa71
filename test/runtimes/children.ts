// Child processes for the runtime tests and the cold-start bench: each is bounded in
// time, killed when it overstays, and its output kept for the failure message.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

export interface Finished { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs a command to its end, killed (SIGKILL) after timeoutMs; onStdout sees output as it arrives. */
export function runBounded(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; onStdout?: (text: string) => void }): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text; options.onStdout?.(text); });
    child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
    child.on('error', (error) => { clearTimeout(timer); reject(new Error(`could not start ${command}: ${error.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs} ms (killed); stderr: ${stderr.trim().slice(-2000)}`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A workerd serving one config on 127.0.0.1, until stop(). */
export interface ServedWorker { url: string; child: ChildProcess; stop(): Promise<void>; stderr(): string }

/**
 * Starts `workerd serve CONFIG` with its socket `socket` moved to 127.0.0.1 on a free port,
 * and resolves once the port accepts connections (or fails with workerd's own message).
 */
export async function serveWorker(workerd: string, config: string, options: { socket?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ServedWorker> {
  const port = await freePort();
  const child = spawn(workerd, ['serve', config, '--socket-addr', `${options.socket ?? 'http'}=127.0.0.1:${port}`], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let failure: Error | null = null;
  child.stdout.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => { failure = error; resolve(); });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && !failure) child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + options.timeoutMs;
  while (!(await accepts(port))) {
    if (failure) throw new Error(`could not start workerd (${workerd}): ${(failure as Error).message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`workerd exited (${child.exitCode ?? child.signalCode}) before serving ${config}: ${stderr.trim().slice(-2000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`workerd did not listen on 127.0.0.1:${port} within ${options.timeoutMs} ms: ${stderr.trim().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { url: `http://127.0.0.1:${port}/`, child, stop, stderr: () => stderr };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
