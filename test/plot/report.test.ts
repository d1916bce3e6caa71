// The report's words match its charts: the note on dashed validation curves appears only
// when validation curves are drawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../src/plot/report.js';
import { lossChart, accuracyChart } from '../../src/plot/experiment-charts.js';
import { summarize } from '../../src/experiments/summary.js';
import type { RunResult } from '../../src/experiments/experiment.js';

function run(train: string, validation: boolean): RunResult {
  const curve = [0.7, 0.5, 0.4];
  return {
    train, seed: 100, fold: 1, trainableParams: 10, loss: curve, accuracy: [0.5, 0.6, 0.7], gradNorm: [[1], [1], [1]], ms: 1,
    ...(validation ? { valLoss: curve.map((v) => v + 0.1), valAccuracy: [0.5, 0.5, 0.6] } : {}),
  };
}

function report(validation: boolean): string {
  const summaries = summarize([run('all', validation), run('1', validation)], 3);
  return renderReport({
    dataset: 'd', settings: [], summaries, totalParams: 10, runsPerSet: 1,
    charts: [lossChart(summaries, 300, 200), accuracyChart(summaries, 300, 200)], uplotJs: '', uplotCss: '',
  });
}

test('"Held-out curves are dashed" only when there are held-out curves', () => {
  assert.match(report(true), /Held-out curves are dashed\./);
  assert.doesNotMatch(report(false), /[Hh]eld-out curves/);
  assert.match(report(false), /Gradient norms are the mean/);
});
