// Node-only: output files are written whole or not at all, so an interrupted or
// failed run never leaves a half-written report where a good one stood.
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

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

/**
 * Checks before any work that a file can be written at path: its folder exists (or is one
 * that `creates` lists, made once the run is accepted) and can be written, and path is not a
 * folder. Nothing is left behind: the check writes a probe file and removes it.
 */
export function checkWritableFile(path: string, option: string, creates: readonly string[] = []): void {
  const folder = dirname(path);
  const existing = statOrNull(path);
  if (existing?.isDirectory()) throw new OutputError(`${option} ${path}: is a folder, not a file`);
  if (existing && !existing.isFile()) {
    // A device or pipe (/dev/stdout) is written directly: it must open for writing.
    try {
      closeSync(openSync(path, 'a'));
    } catch (error) {
      throw new OutputError(`${option} ${path}: cannot be written (${errorCode(error)})`);
    }
    return;
  }
  const stats = statOrNull(folder);
  if (!stats) {
    if (creates.some((created) => resolve(created) === resolve(folder))) {
      checkOutputFolder(folder, option);
      return;
    }
    throw new OutputError(`${option} ${path}: the folder ${folder} does not exist`);
  }
  if (!stats.isDirectory()) throw new OutputError(`${option} ${path}: ${folder} is not a folder`);
  probeFolder(folder, `${option} ${path}`);
}

/**
 * Checks before any work that the output folder can be made and written, without making it:
 * the path is not a file, and its nearest existing ancestor is a folder that takes new entries.
 * createOutputFolders makes it once the run is accepted.
 */
export function checkOutputFolder(path: string, option: string): void {
  const stats = statOrNull(path);
  if (stats) {
    if (!stats.isDirectory()) throw new OutputError(`${option} ${path}: is a file, not a folder`);
    probeFolder(path, `${option} ${path}`);
    return;
  }
  let ancestor = dirname(resolve(path));
  for (;;) {
    const found = statOrNull(ancestor);
    if (found) {
      if (!found.isDirectory()) throw new OutputError(`${option} ${path}: cannot create the folder (${ancestor} is a file)`);
      break;
    }
    if (dirname(ancestor) === ancestor) break;
    ancestor = dirname(ancestor);
  }
  probeFolder(ancestor, `${option} ${path}: cannot create the folder`);
}

/**
 * Makes the output folders (and their parents) once a run is accepted; returns the topmost
 * folders it made, which removeEmptyFolders takes away again if the run ends with nothing in them.
 */
export function createOutputFolders(folders: readonly { path: string; option: string }[]): string[] {
  const made: string[] = [];
  for (const { path, option } of folders) {
    try {
      const first = mkdirSync(path, { recursive: true });
      if (first !== undefined) made.push(first);
    } catch (error) {
      removeEmptyFolders(made);
      throw new OutputError(`${option} ${path}: cannot create the folder (${errorCode(error)})`);
    }
  }
  return made;
}

/** Removes folders (made by createOutputFolders) and the parents it made, as long as they are empty. */
export function removeEmptyFolders(tops: readonly string[]): void {
  for (const top of tops) {
    // mkdirSync returned the topmost folder made; remove from the deepest empty one up to it.
    const chain: string[] = [];
    for (let folder = top; ; ) {
      chain.push(folder);
      let entries: string[];
      try {
        entries = readdirSync(folder);
      } catch {
        break;
      }
      if (entries.length !== 1) break;
      const child = join(folder, entries[0]);
      if (!statOrNull(child)?.isDirectory()) break;
      folder = child;
    }
    for (const folder of chain.reverse()) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
    }
  }
}

// Writes and removes an empty probe file, so that a folder that refuses new entries (no write
// permission, a read-only or virtual file system such as /proc, even for root) is found now.
function probeFolder(folder: string, what: string): void {
  const probe = join(folder, `.wasmlp-probe.${process.pid}.tmp`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    throw new OutputError(`${what}: cannot write in ${folder} (${errorCode(error)})`);
  }
  rmSync(probe, { force: true });
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** Creates the output folder (and its parents) before any work; refuses a path that is a file. */
export function prepareOutputFolder(path: string, option: string): void {
  checkOutputFolder(path, option);
  createOutputFolders([{ path, option }]);
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
