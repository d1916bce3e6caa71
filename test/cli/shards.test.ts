// Sweeps beyond one machine: three shards merged equal one run (apart from timings), and
// parts that are missing, given twice, from another experiment or not parts are refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseShard, shardJobs } from '../../src/experiments/shards.js';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));

function wasmlp(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The results without what timing decides: each run's ms, the warm-up, and the verdict's sentence on mean times.
const withoutTimes = (file: string): unknown => {
  const results = JSON.parse(readFileSync(file, 'utf8')) as { runs: { ms: number }[]; verdict?: { sentences: string[] }; warmupMs?: number };
  const { verdict, warmupMs: _warmupMs, ...rest } = results;
  return { ...rest, runs: results.runs.map(({ ms: _ms, ...run }) => run), verdict: verdict?.sentences.filter((sentence) => !/\bms\b/.test(sentence)) };
};

test('shards are disjoint, contiguous and cover every job; i/n is checked', () => {
  for (const [count, jobs] of [[3, 20], [4, 4], [5, 3], [1, 7]]) {
    const all = Array.from({ length: count }, (_, i) => shardJobs({ index: i + 1, count }, jobs)).flat();
    assert.deepEqual(all, Array.from({ length: jobs }, (_, i) => i), `${count} shards of ${jobs}`);
  }
  assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '1/3/4']) assert.throws(() => parseShard(bad), /expected i\/n with 1 <= i <= n/, bad);
});

test('three shards merged give the results, report and chart of one run, apart from timings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-shards-'));
  const args = ['experiment', '--dataset', 'iris', '--hidden', '6', '--epochs', '6', '--seeds', '2', '--train', 'all,1', '--folds', '3'];
  assert.equal(wasmlp(...args, '--json', join(dir, 'one.json')).status, 0);
  for (const i of [1, 2, 3]) {
    const { status, stdout, stderr } = wasmlp(...args, '--shard', `${i}/3`, '--json', join(dir, `part${i}.json`));
    assert.equal(status, 0, stderr);
    assert.match(stdout, new RegExp(`\\(shard ${i}/3 of 12\\)`));
  }
  // Parts in any order.
  const merged = wasmlp('merge', join(dir, 'part3.json'), join(dir, 'part1.json'), join(dir, 'part2.json'), '--json', join(dir, 'merged.json'), '--out', join(dir, 'report'));
  assert.equal(merged.status, 0, merged.stderr);
  assert.match(merged.stdout, /12 runs merged from 3 parts/);
  assert.deepEqual(withoutTimes(join(dir, 'merged.json')), withoutTimes(join(dir, 'one.json')));
  assert.ok(((withoutTimes(join(dir, 'merged.json')) as { verdict: string[] }).verdict).length >= 3, 'the merged results carry the verdict');
  assert.match(merged.stdout, /^verdict:/m);
  // A part alone has no verdict: its pairs are incomplete.
  assert.equal((JSON.parse(readFileSync(join(dir, 'part1.json'), 'utf8')) as { verdict?: unknown }).verdict, undefined);
  assert.ok(existsSync(join(dir, 'report', 'report.html')));
});

test('missing, doubled, foreign and malformed parts are refused in one line, exit 2, nothing written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-shards-bad-'));
  const args = ['experiment', '--dataset', 'iris', '--hidden', '4', '--epochs', '2', '--folds', 'none', '--seeds', '3'];
  for (const i of [1, 2, 3]) assert.equal(wasmlp(...args, '--shard', `${i}/3`, '--json', join(dir, `p${i}.json`)).status, 0);
  assert.equal(wasmlp(...args, '--epochs', '3', '--shard', '2/3', '--json', join(dir, 'other.json')).status, 0);
  writeFileSync(join(dir, 'plain.json'), '{"runs": []}');
  const cases: [string[], RegExp][] = [
    [['p1.json', 'p3.json'], /^wasmlp: missing shard 2\/3\n$/],
    [['p1.json', 'p2.json', 'p2.json', 'p3.json'], /^wasmlp: shard 2\/3 is given twice: .*p2\.json and .*p2\.json\n$/],
    [['p1.json', 'other.json', 'p3.json'], /^wasmlp: .*other\.json: a different experiment from .*p1\.json/],
    [['p1.json', 'plain.json'], /^wasmlp: .*plain\.json: not a part of a sharded experiment/],
    [['p1.json', 'absent.json'], /^wasmlp: .*absent\.json: no such file\n$/],
  ];
  for (const [files, message] of cases) {
    const { status, stderr } = wasmlp('merge', ...files.map((f) => join(dir, f)), '--json', join(dir, 'merged.json'));
    assert.equal(status, 2, stderr);
    assert.match(stderr, message);
    assert.ok(!existsSync(join(dir, 'merged.json')));
  }
  assert.match(wasmlp(...args, '--shard', '1/3').stderr, /--shard writes its part of the results to --json FILE/);
});
