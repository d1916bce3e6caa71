// A loss that reaches exactly zero, or a curve that is zero, NaN or infinite throughout, goes
// through the verdict, the table, the terminal charts and the written report without failing
// ('Invalid array length' and the like): results of a real run with their losses replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printComparison, writeOutputs } from '../../src/cli/outputs.js';
import { experimentVerdict, } from '../../src/experiments/describe.js';
import { withVerdict, type ExperimentResults } from '../../src/experiments/results.js';

const BIN = fileURLToPath(new URL('../../../bin/wasmlp.js', import.meta.url));

function realResults(extra: string[]): ExperimentResults {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-zero-'));
  const r = spawnSync(process.execPath, [BIN, 'experiment', '--dataset', 'iris', '--hidden', '4', '--epochs', '6', '--seeds', '2', ...extra, '--json', join(dir, 'r.json')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as ExperimentResults & { verdict?: unknown };
  delete results.verdict;
  return results;
}

const CURVES: Record<string, (epoch: number, last: number) => number> = {
  'reaches exactly zero': (epoch, last) => (epoch >= last - 2 ? 0 : 0.5 / (epoch + 1)),
  'zero throughout': () => 0,
  'NaN throughout': () => NaN,
  'infinite from epoch 2': (epoch) => (epoch === 0 ? 1 : Infinity),
  'down to a few millionths': (epoch) => 6e-6 * 10 ** -epoch,
};

for (const extra of [['--folds', 'none'], []]) {
  for (const [name, curve] of Object.entries(CURVES)) {
    test(`loss ${name} (${extra.length ? 'no held-out rows' : 'folds'}): verdict, table, charts and report are made`, async () => {
      const results = realResults(extra);
      for (const run of results.runs.filter((r) => r.train === 'all')) {
        run.loss = run.loss.map((_, e) => curve(e, run.loss.length - 1));
        if (run.valLoss) run.valLoss = run.valLoss.map((_, e) => curve(e, run.loss.length - 1));
      }
      const verdict = experimentVerdict(results);
      const log = console.log;
      const printed: string[] = [];
      console.log = (...args: unknown[]) => { printed.push(args.join(' ')); };
      try {
        printComparison(results, verdict);
        const dir = mkdtempSync(join(tmpdir(), 'wasmlp-zero-out-'));
        await writeOutputs(results, verdict, withVerdict(results, verdict), { json: join(dir, 'r.json'), out: dir });
        const written = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { runs: unknown[] };
        assert.equal(written.runs.length, results.runs.length);
        assert.ok(readFileSync(join(dir, 'report.html'), 'utf8').includes('<html'));
      } finally {
        console.log = log;
      }
      const text = printed.join('\n');
      assert.match(text, /^all\s+/m);
      assert.doesNotMatch(text, /undefined|Infinity%|NaN%/);
      // Chart rows keep one width for their labels, whatever the losses.
      const rows = text.split('\n').filter((line) => /^ *[\d.e+-]+ [┤┼]/.test(line));
      for (const row of rows) assert.equal(row.search(/[┤┼]/), 10, row);
    });
  }
}
