// What wasmlp writes into model files (generatedBy) names the package's real version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WASMLP_VERSION } from '../src/version.js';

test('WASMLP_VERSION is package.json\'s version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(WASMLP_VERSION, pkg.version);
});
