// What wasmlp writes into model files (generatedBy) and prints for --version is the package's real version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WASMLP_VERSION } from '../src/version.js';

test('WASMLP_VERSION is package.json\'s version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(WASMLP_VERSION, pkg.version);
});

test('wasmlp --version and -V print that version, and nothing else, with exit status 0', () => {
  const bin = fileURLToPath(new URL('../../bin/wasmlp.js', import.meta.url));
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const result = spawnSync(process.execPath, [bin, flag], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${pkg.version}\n`, flag);
    assert.equal(result.stderr, '', flag);
  }
});
