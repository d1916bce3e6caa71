// The terminal chart: series tell apart without colour (their own line characters, named in
// the legend), and a run that diverged leaves a gap instead of breaking the chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lossChart, seriesMark } from '../../src/cli/terminal.js';
import { summarize } from '../../src/experiments/summary.js';
import type { RunResult } from '../../src/experiments/experiment.js';

const LIGHT = /[─╰╭╮╯│]/;
const DOUBLE = /[═╚╔╗╝║]/;

function run(train: string, loss: number[], divergedAt?: number): RunResult {
  return { train, seed: 100, fold: 1, trainableParams: 1, loss, accuracy: loss.map(() => 0.5), gradNorm: loss.map(() => [1]), ms: 1, ...(divergedAt ? { divergedAt } : {}) };
}

/** The chart's plot rows: what follows the axis, per row. */
function plotRows(chart: string): string[] {
  return chart.split('\n').filter((line) => /[┤┼]/.test(line)).map((line) => line.slice(line.search(/[┤┼]/) + 1));
}

test('without colour, two series are drawn with different characters, and the legend says which is which', () => {
  const epochs = 40;
  const high = run('all', Array.from({ length: epochs }, () => 1));
  const low = run('1', Array.from({ length: epochs }, () => 0.01));
  const chart = lossChart(summarize([high, low], epochs), false);
  assert.doesNotMatch(chart, /\x1b/, 'colour codes without colour');
  const rows = plotRows(chart);
  // 'all' (loss 1) is the top row, '1' (loss 0.01) the bottom one: each in its own characters only.
  assert.match(rows[0], /^─{10,}/);
  assert.doesNotMatch(rows[0], DOUBLE);
  assert.match(rows[rows.length - 1], /═{10,}/);
  assert.doesNotMatch(rows[rows.length - 1], LIGHT);
  const legend = chart.split('\n').at(-1) ?? '';
  assert.match(legend, /── all layers {3}══ layer 1 only/);
  assert.equal(seriesMark(0), '─');
  assert.equal(seriesMark(1), '═');
});

test('crossing curves keep their characters, and every set of many gets its own mark', () => {
  const epochs = 30;
  const falling = run('all', Array.from({ length: epochs }, (_, e) => 10 ** (-e / 10)));
  const rising = run('1', Array.from({ length: epochs }, (_, e) => 10 ** (-3 + e / 10)));
  const chart = lossChart(summarize([falling, rising], epochs), false);
  const plot = plotRows(chart).join('\n');
  assert.match(plot, LIGHT);
  assert.match(plot, DOUBLE);
  const marks = Array.from({ length: 12 }, (_, i) => seriesMark(i));
  assert.equal(new Set(marks).size, 12, marks.join(' '));
  for (const mark of marks.slice(2)) assert.doesNotMatch(mark, /[─═│║┤┼ ]/, `'${mark}' could be read as a line or the axis`);
});

test('with colour, each series is painted in its set\'s colour', () => {
  const epochs = 10;
  const chart = lossChart(summarize([run('all', Array(epochs).fill(1)), run('1', Array(epochs).fill(0.1))], epochs), true);
  assert.match(chart, /\x1b\[34m─/);
  assert.match(chart, /\x1b\[31m═/);
});

test('a set whose runs diverged leaves a gap after its last finite loss instead of breaking the chart', () => {
  const epochs = 20;
  const steady = run('all', Array.from({ length: epochs }, (_, e) => 1 - e / 40));
  const diverged = run('1', [0.9, 0.8, 0.7, 0.6, NaN], 5);
  const chart = lossChart(summarize([steady, diverged], epochs), false);
  const rows = plotRows(chart);
  const lastDouble = Math.max(...rows.map((row) => Math.max(row.lastIndexOf('═'), row.lastIndexOf('╚'), row.lastIndexOf('╝'), row.lastIndexOf('╔'), row.lastIndexOf('╗'), row.lastIndexOf('║'))));
  assert.ok(lastDouble >= 0 && lastDouble < 5, `the diverged set is drawn up to column ${lastDouble}`);
  assert.ok(rows.some((row) => LIGHT.test(row.slice(15))), 'the steady set is drawn to the end');
});
