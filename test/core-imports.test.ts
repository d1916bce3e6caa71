// The core must run in browsers, workers and edge runtimes: only src/node/ may import from Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

test('no core module imports a Node built-in or a Node-only module', () => {
  const files = sourceFiles(SRC);
  assert.ok(files.length > 10);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const target of imports) {
      assert.ok(!target.startsWith('node:') && !['fs', 'path', 'url', 'worker_threads', 'zlib'].includes(target), `${file} imports ${target}`);
      assert.ok(!target.includes('/node/'), `${file} imports ${target}`);
    }
    assert.doesNotMatch(text, /\bprocess\.|\bBuffer\b|\brequire\(/, `${file} uses a Node global`);
  }
});
