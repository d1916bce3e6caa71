// Where the edge runtimes' binaries are: inside the platform packages that the `deno`, `bun`
// and `workerd` devDependencies pull in as optional dependencies. Their launchers are set up
// by install scripts that npm 11 may skip (unapproved), so we call the binary directly; where
// the scripts did run, bun's and workerd's have moved the binary into the main package.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type EdgeRuntime = 'deno' | 'bun' | 'workerd';

const require = createRequire(import.meta.url);

/** Per runtime and `${platform}-${arch}`: candidate packages (glibc first) and the binary's path inside. */
const PACKAGES: Record<EdgeRuntime, Record<string, [string, string][]>> = {
  deno: {
    'linux-x64': [['@deno/linux-x64-glibc', 'deno']],
    'linux-arm64': [['@deno/linux-arm64-glibc', 'deno']],
    'darwin-x64': [['@deno/darwin-x64', 'deno']],
    'darwin-arm64': [['@deno/darwin-arm64', 'deno']],
    'win32-x64': [['@deno/win32-x64', 'deno.exe']],
  },
  bun: {
    'linux-x64': [['@oven/bun-linux-x64', 'bin/bun'], ['@oven/bun-linux-x64-musl', 'bin/bun']],
    'linux-arm64': [['@oven/bun-linux-aarch64', 'bin/bun'], ['@oven/bun-linux-aarch64-musl', 'bin/bun']],
    'darwin-x64': [['@oven/bun-darwin-x64', 'bin/bun']],
    'darwin-arm64': [['@oven/bun-darwin-aarch64', 'bin/bun']],
    'win32-x64': [['@oven/bun-windows-x64', 'bin/bun.exe']],
  },
  workerd: {
    'linux-x64': [['@cloudflare/workerd-linux-64', 'bin/workerd']],
    'linux-arm64': [['@cloudflare/workerd-linux-arm64', 'bin/workerd']],
    'darwin-x64': [['@cloudflare/workerd-darwin-64', 'bin/workerd']],
    'darwin-arm64': [['@cloudflare/workerd-darwin-arm64', 'bin/workerd']],
    'win32-x64': [['@cloudflare/workerd-windows-64', 'bin/workerd.exe']],
  },
};

/** Where each main package's install script puts the native binary (bun's replaces a placeholder). */
const INSTALLED: Record<EdgeRuntime, [string, string]> = {
  deno: ['deno', process.platform === 'win32' ? 'deno.exe' : 'deno'],
  bun: ['bun', 'bin/bun.exe'],
  workerd: ['workerd', process.platform === 'win32' ? 'bin/workerd.exe' : 'bin/workerd'],
};

/** The runtime's binary, or an error saying which package is missing and how to get it. */
export function runtimeBinary(runtime: EdgeRuntime): string {
  const platform = `${process.platform}-${process.arch}`;
  const candidates = PACKAGES[runtime][platform];
  if (!candidates) throw new Error(`no ${runtime} binary is published for ${platform}`);
  for (const [pkg, file] of [...candidates, INSTALLED[runtime]]) {
    let root: string;
    try {
      root = dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      continue;
    }
    const binary = join(root, file);
    if (isNativeBinary(binary)) return binary;
  }
  const names = candidates.map(([pkg]) => pkg).join(' or ');
  throw new Error(`the ${runtime} binary is missing: ${names} (an optional dependency of the '${runtime}' devDependency) is not installed in node_modules; run 'npm ci'`);
}

// A native runtime binary is tens of megabytes; the launchers and placeholders are a few kilobytes.
function isNativeBinary(path: string): boolean {
  try {
    return statSync(path).size > 1_000_000;
  } catch {
    return false;
  }
}
