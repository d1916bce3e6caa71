// The benchmark's command line: defaults, quick mode, filters, and one clear line for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchUsageError, ENGINE_IDS, measuresPair, parseBenchArgs, type BenchOptions } from '../../bench/options.js';

function parse(...args: string[]): BenchOptions {
  const options = parseBenchArgs(args);
  assert.ok(options, 'parseBenchArgs returned null without --help');
  return options;
}

function usageError(args: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseBenchArgs(args, env);
  } catch (error) {
    assert.ok(error instanceof BenchUsageError, `expected a BenchUsageError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/);
    return error.message;
  }
  assert.fail(`${args.join(' ')} was accepted`);
}

test('a full run: every engine and workload, 5 rounds, 7 fresh processes, written to latest.json', () => {
  const options = parse();
  assert.deepEqual(options.engines, [...ENGINE_IDS]);
  assert.deepEqual(options.workloads, ['W1', 'W2', 'W3']);
  assert.equal(options.quick, false);
  assert.equal(options.runs, 5);
  assert.equal(options.processes, 7);
  assert.equal(options.out, 'bench/results/latest.json');
  assert.equal(measuresPair(options, 'tfjs-cpu', 'W3'), true);
});

test('--quick: fewer rounds and processes, its own file, no TF.js cpu and no slow pairs unless named', () => {
  const quick = parse('--quick');
  assert.deepEqual(quick.engines, ['wasm', 'relaxed', 'js', 'tfjs-wasm', 'pytorch']);
  assert.equal(quick.runs, 3);
  assert.equal(quick.processes, 3);
  assert.equal(quick.out, 'bench/results/quick.json');
  assert.equal(measuresPair(quick, 'js', 'W1'), true);
  assert.equal(measuresPair(quick, 'js', 'W3'), false);
  assert.equal(measuresPair(quick, 'tfjs-cpu', 'W1'), false);
  assert.equal(measuresPair(quick, 'tfjs-wasm', 'W2'), false);
  assert.equal(measuresPair(quick, 'tfjs-wasm', 'W3'), true);
  const named = parse('--quick', '--engines', 'js,tfjs-cpu');
  assert.equal(measuresPair(named, 'js', 'W3'), true);
  assert.equal(measuresPair(named, 'tfjs-cpu', 'W2'), true);
  assert.equal(parse('--quick', '--runs', '4', '--processes', '1').runs, 4);
});

test('--engines and --workloads filter, in the benchmark\'s order; wasm is measured on every chosen workload', () => {
  const options = parse('--engines', 'tfjs-wasm, wasm', '--workloads', 'W3,W1');
  assert.deepEqual(options.engines, ['wasm', 'tfjs-wasm']);
  assert.deepEqual(options.workloads, ['W1', 'W3']);
  assert.equal(options.out, 'bench/results/partial.json');
  assert.equal(measuresPair(options, 'tfjs-wasm', 'W1'), true);
  assert.equal(measuresPair(options, 'tfjs-cpu', 'W1'), false);
  assert.equal(measuresPair(options, 'tfjs-wasm', 'W2'), false);
  const withoutWasm = parse('--engines', 'pytorch');
  assert.equal(measuresPair(withoutWasm, 'wasm', 'W2'), true, 'every ratio is to wasm: it is timed whatever --engines says');
  assert.equal(withoutWasm.engines.includes('wasm'), false, 'but it is not named, so the command figures are left out');
});

test('an unknown engine or workload is one line naming it and listing the valid names', () => {
  const engines = usageError(['--engines', 'wasm,tensorflow']);
  assert.match(engines, /^--engines: unknown engine 'tensorflow'; valid: wasm, relaxed, js, tfjs-wasm, tfjs-cpu, pytorch$/);
  assert.match(usageError(['--workloads', 'W4']), /^--workloads: unknown workload 'W4'; valid: W1, W2, W3$/);
  assert.match(usageError(['--engines', ',']), /no engine given/);
});

test('counts are whole numbers in range; WASMLP_BENCH_RUNS is read, --runs wins over it', () => {
  for (const bad of ['0', '-1', '1.5', 'five', '1001']) assert.match(usageError(['--runs', bad]), /^--runs takes a whole number from 1 to 1000/);
  assert.match(usageError(['--processes', '0']), /^--processes takes a whole number/);
  assert.equal(parseBenchArgs([], { WASMLP_BENCH_RUNS: '2' })?.runs, 2);
  assert.equal(parseBenchArgs(['--runs', '6'], { WASMLP_BENCH_RUNS: '2' })?.runs, 6);
  assert.match(usageError([], { WASMLP_BENCH_RUNS: 'lots' }), /^WASMLP_BENCH_RUNS takes a whole number/);
});

test('--update-readme needs a full run; unknown options are refused; --help prints and returns null', () => {
  assert.match(usageError(['--quick', '--update-readme']), /full run/);
  assert.match(usageError(['--workloads', 'W1', '--update-readme']), /full run/);
  assert.equal(parse('--update-readme').updateReadme, true);
  assert.match(usageError(['--fast']), /unknown option '--fast'/);
  let help = '';
  assert.equal(parseBenchArgs(['--help'], {}, (text) => { help += text; }), null);
  assert.match(help, /--engines <names>/);
  assert.match(help, /--quick/);
});
