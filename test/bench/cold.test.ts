// The cold figures' pure parts: which fresh processes are run, and that the `wasmlp` command's
// V8 flags live in one file, which the command and the benchmark's cold child both read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { coldKinds } from '../../bench/cold.js';
import { loadCliFlags } from '../../bench/cli-flags.js';

const source = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

test('wasm is timed cold twice, with V8\'s defaults and with the command\'s flags; other engines once', () => {
  assert.deepEqual(coldKinds(['wasm', 'tfjs-wasm', 'pytorch']), ['wasm', 'wasm-cli', 'tfjs-wasm', 'pytorch']);
  assert.deepEqual(coldKinds(['tfjs-cpu']), ['tfjs-cpu']);
});

test('the command\'s V8 flags are listed once, in bin/v8-flags.js, and set from there by the command and the cold child', async () => {
  const { WASM_COMPILE_FLAGS } = await loadCliFlags();
  assert.deepEqual([...WASM_COMPILE_FLAGS], ['--no-liftoff', '--no-wasm-lazy-compilation']);
  assert.ok(Object.isFrozen(WASM_COMPILE_FLAGS));
  for (const path of ['bin/wasmlp.js', 'bench/cold-child.ts']) {
    const text = source(path);
    for (const flag of WASM_COMPILE_FLAGS) assert.ok(!text.includes(`'${flag}'`), `${path} spells ${flag} itself`);
    assert.match(text, /v8-flags\.js/, `${path} reads bin/v8-flags.js`);
    assert.match(text, /setWasmCompileFlags\(\)/, `${path} sets the flags`);
  }
});
