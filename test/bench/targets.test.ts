// Issue 12's targets and the earlier ones, checked against hand-made results: met, missed with
// what bounds it, or not measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTargets } from '../../bench/targets.js';
import { renderMarkdown } from '../../bench/report.js';
import { cold, emptyFigures, scaling, withPeakShares } from './fixture.js';

const byId = (targets: ReturnType<typeof checkTargets>, id: string) => {
  const target = targets.find((t) => t.id === id);
  assert.ok(target, `no target ${id}`);
  return target;
};

test('every target is listed once, and none is met or missed when nothing was measured', () => {
  const targets = checkTargets(emptyFigures());
  const ids = targets.map((t) => t.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ['w3-peak', 'w1-peak', 'cold-first-model', 'cold-experiment-training', 'cold-experiment-wall', 'cold-npm-start-wall', 'cold-npm-start-typed', 'two-threads', 'w1-ms', 'w1-vs-tfjs-wasm', 'w1-vs-pytorch', 'experiment-rss']) {
    const target = byId(targets, id);
    assert.equal(target.met, null, id);
    assert.equal(target.measured, null, id);
    assert.equal(target.bound, null, id);
  }
});

test('shares of the peak: W3 needs 80% and W1 50%; a miss says the GFLOP/s and the time a step', () => {
  const met = checkTargets(withPeakShares(emptyFigures(), 50, 80));
  assert.equal(byId(met, 'w1-peak').met, true);
  assert.equal(byId(met, 'w3-peak').met, true);
  assert.equal(byId(met, 'w3-peak').bound, null);
  const missed = checkTargets(withPeakShares(emptyFigures(), 35, 69));
  const w3 = byId(missed, 'w3-peak');
  assert.equal(w3.met, false);
  assert.equal(w3.measured, 69);
  // 69% of a 40 GFLOP/s peak; 20 ms over 2 epochs of 64 steps of 128 rows.
  assert.match(w3.bound ?? '', /27\.6 GFLOP\/s against a 40\.0 GFLOP\/s peak, 156\.3 µs a step of 128 rows on 784-256-128-10/);
  assert.equal(byId(missed, 'w1-peak').met, false);
});

test('the cold targets: first model within 1.3x of warm, 25 ms of training and 0.25 s of wall in a fresh experiment', () => {
  const met = checkTargets({ ...emptyFigures(), cold: cold({ firstModelMs: 13, warmModelMs: 10, wallMs: 250, trainingMs: 25 }) });
  for (const id of ['cold-first-model', 'cold-experiment-training', 'cold-experiment-wall']) assert.equal(byId(met, id).met, true, id);
  assert.equal(byId(met, 'cold-npm-start-wall').met, null, 'no npm start figure in the fixture');
  const missed = checkTargets({ ...emptyFigures(), cold: cold({ firstModelMs: 30, warmModelMs: 10, wallMs: 400, trainingMs: 60, warmupMs: 100 }) });
  const first = byId(missed, 'cold-first-model');
  assert.equal(first.met, false);
  assert.equal(first.measured, 3);
  assert.match(first.bound ?? '', /^with --no-liftoff --no-wasm-lazy-compilation, as the command runs, the first model trained in 30\.0 ms against 10\.0 ms warm/);
  assert.match(first.bound ?? '', /the library's default \(no flags\) took 34\.0 ms against 10\.0 ms, 3\.40x$/);
  // The wall taken apart: 400 = Node 40 + warm-up 100 + training 60 + the rest 200.
  const wall = byId(missed, 'cold-experiment-wall');
  assert.equal(wall.met, false);
  assert.match(wall.bound ?? '', /^400 ms = Node's own start 40\.0 ms \+ warm-up 100 ms \+ training 60\.0 ms \(2 runs\) \+ loading modules, data and writing outputs 200 ms$/);
  assert.match(byId(missed, 'cold-experiment-training').bound ?? '', /2 runs took 60\.0 ms together.*2 warm runs would take about 20\.0 ms/);
});

test('npm start as typed is the command\'s wall time plus npm\'s own start, and unmeasured without either', () => {
  const figures = { ...emptyFigures(), cold: cold() };
  figures.cold.commands.push({ id: 'npm-start', command: 'wasmlp experiment --out DIR --json FILE', runs: 10, wallMs: 450, trainingMs: 120, warmupMs: null, processes: [] });
  assert.equal(byId(checkTargets(figures), 'cold-npm-start-typed').measured, null, 'no npm figure: not measured, not the command alone');
  figures.cold.runtimeAloneMs.npm = 200;
  const typed = byId(checkTargets(figures), 'cold-npm-start-typed');
  assert.equal(byId(checkTargets(figures), 'cold-npm-start-wall').met, true, 'the command alone meets 0.6 s');
  assert.equal(typed.measured, 650);
  assert.equal(typed.met, false);
  assert.match(typed.bound ?? '', /^650 ms = npm's own start \(`npm --version`\) 200 ms \+ the command 450 ms = Node's own start 40\.0 ms/);
  assert.match(renderMarkdown({ ...figures, targets: checkTargets(figures) }), /npm --version 200 ms/);
});

test('the first-model target reads the run with the command\'s V8 flags, and shows the library default beside it', () => {
  // The CLI's figure meets 1.3x while the library default (3.4x) would not: the target is the CLI's.
  const met = byId(checkTargets({ ...emptyFigures(), cold: cold({ firstModelMs: 12, libraryFirstModelMs: 34 }) }), 'cold-first-model');
  assert.equal(met.met, true);
  assert.equal(met.measured, 1.2);
  assert.equal(met.shown, '1.20x (library default, no flags: 3.40x)');
  assert.match(met.label, /the `wasmlp` command's V8 flags/);
  // Only the library default measured (a file from before wasm-cli): the CLI's figure is not measured, not taken from it.
  const libraryOnly = cold();
  libraryOnly.engines = libraryOnly.engines.filter((e) => e.engineId === 'wasm');
  const unmeasured = byId(checkTargets({ ...emptyFigures(), cold: libraryOnly }), 'cold-first-model');
  assert.equal(unmeasured.measured, null);
  assert.equal(unmeasured.met, null);
});

test('two threads: 1.8x is met only with identical results; a miss carries the scaling\'s own account', () => {
  assert.equal(byId(checkTargets({ ...emptyFigures(), scaling: scaling(1.85) }), 'two-threads').met, true);
  const slow = byId(checkTargets({ ...emptyFigures(), scaling: scaling(1.31) }), 'two-threads');
  assert.equal(slow.met, false);
  assert.equal(slow.bound, 'the bound in words');
  const ceiling = { command: 'two at once', aloneSeconds: 1.8, sideBySideSeconds: 2.016, slowdown: 1.12, maxSpeedup: 2 / 1.12, rounds: [{ aloneSeconds: 1.8, sideBySideSeconds: [2.016, 2.016] as [number, number] }] };
  const bounded = byId(checkTargets({ ...emptyFigures(), scaling: scaling(1.55, true, ceiling) }), 'two-threads');
  assert.equal(bounded.shown, '1.55x (hardware ceiling 1.79x)');
  assert.equal(bounded.met, false);
  const differing = byId(checkTargets({ ...emptyFigures(), scaling: scaling(1.9, false) }), 'two-threads');
  assert.equal(differing.met, false);
  assert.match(differing.bound ?? '', /^results differ between thread counts \(run 3 \(all seed 101\), field loss\)/);
});

test('the markdown shows the cold table, the command table and every target with its verdict', () => {
  const figures = { ...withPeakShares(emptyFigures(), 35, 85), cold: cold({ wallMs: 400 }), scaling: scaling(1.31) };
  const markdown = renderMarkdown({ ...figures, targets: checkTargets(figures) });
  assert.match(markdown, /load average 0\.5 at the start and 1\.5 at the end\. Times/, 'a load under the core count is not called shared');
  const busy = renderMarkdown({ ...figures, load: { atStart: [2.4, 2, 2], atEnd: [1.6, 2, 2] }, targets: checkTargets(figures) });
  assert.match(busy, /load average 2\.4 at the start and 1\.6 at the end \(above 2: other work shared the cores\)/);
  assert.match(markdown, /\| wasmlp wasm \(SIMD\) \| 100 ms \| 110 ms \| 34\.0 ms \| 10\.0 ms \| 3\.40x \| 1 \|/);
  assert.match(markdown, /\| wasmlp wasm \(SIMD\), the CLI's V8 flags \| 100 ms \| 110 ms \| 12\.0 ms \| 10\.0 ms \| 1\.20x \| 1 \|/);
  assert.match(markdown, /\| `wasmlp experiment --folds none --json FILE` \| 2 \| 400 ms \| 20\.0 ms \| 30\.0 ms \|/);
  assert.match(markdown, /\| W3 at least 80% of the measured plain-SIMD peak \| 85% \| met \|/);
  assert.match(markdown, /\| W1 at least 50% of the measured plain-SIMD peak \| 35% \| \*\*missed\*\* \| the training kernels/);
  assert.match(markdown, /\| 160 runs at least 1\.8x faster on two threads, with identical results \| 1\.31x \| \*\*missed\*\* \| the bound in words \|/);
  assert.match(markdown, /\| first model of a fresh process within 1\.3x of a warm one \(wasm with the `wasmlp` command's V8 flags, W1\) \| 1\.20x \(library default, no flags: 3\.40x\) \| met \|/);
  assert.match(markdown, /\| `npm start` \(report and PNG\) at most 0\.6 s of wall time \| not measured in this run \| — \|/);
});

test('the markdown gives the hardware ceiling and a thread\'s start-up beside the thread table', () => {
  const ceiling = { command: 'two at once', aloneSeconds: 1.8, sideBySideSeconds: 2.02, slowdown: 1.12, maxSpeedup: 2 / 1.12, rounds: [{ aloneSeconds: 1.8, sideBySideSeconds: [2.0, 2.04] as [number, number] }] };
  const figures = { ...emptyFigures(), scaling: scaling(1.55, true, ceiling) };
  const markdown = renderMarkdown({ ...figures, targets: checkTargets(figures) });
  assert.match(markdown, /Hardware ceiling: two `--workers 1` commands side by side \(2\.00 and 2\.04 s against 1\.80 s\) each ran 1\.12x slower than one alone, so two threads can reach at most 1\.79x\. A training thread answers 45\.0 ms after `new Worker\(\)` \(median of 3\)\./);
});
