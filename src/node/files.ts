// Node-only: output files are written whole or not at all, so an interrupted or
// failed run never leaves a half-written report where a good one stood.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** Writes a file through a temporary sibling and a rename (a device or pipe such as /dev/stdout is written directly). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const existing = statOrNull(path);
  if (existing && !existing.isFile()) {
    writeFileSync(path, data);
    return;
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Checks before any work that a file can be written at path: its folder exists and path is not a folder. */
export function checkWritableFile(path: string, option: string): void {
  const folder = dirname(path);
  const stats = statOrNull(folder);
  if (!stats) throw new OutputError(`${option} ${path}: the folder ${folder} does not exist`);
  if (!stats.isDirectory()) throw new OutputError(`${option} ${path}: ${folder} is not a folder`);
  if (statOrNull(path)?.isDirectory()) throw new OutputError(`${option} ${path}: is a folder, not a file`);
}

/** Creates the output folder (and its parents) before any work; refuses a path that is a file. */
export function prepareOutputFolder(path: string, option: string): void {
  const stats = statOrNull(path);
  if (stats && !stats.isDirectory()) throw new OutputError(`${option} ${path}: is a file, not a folder`);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new OutputError(`${option} ${path}: cannot create the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** A bad output path, reported as one line like any other bad input. */
export class OutputError extends Error {
  override name = 'OutputError';
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
