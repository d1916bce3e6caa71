// Tick labels and legend figures: exact for small losses, short for round ticks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLegendValue, formatTick, toUplot, yAxisSize, TICK_GAP, TICK_SIZE, Y_LABEL_GAP } from '../../src/plot/uplot-options.js';

test('formatTick: round values without trailing zeros, small ones exact, integers whole', () => {
  assert.deepEqual([0.25, 0.0025, 1.5, 10, 120000, 1e-7, 2.5e-5, 3e6, 0].map(formatTick), ['0.25', '0.0025', '1.5', '10', '120000', '1e-7', '2.5e-5', '3e6', '0']);
  assert.equal(formatTick(0.1 + 0.2), '0.3');
  assert.equal(formatTick(null), '');
  assert.equal(formatTick(Number.NaN), '');
});

test('formatLegendValue: four significant digits where uPlot would print 0.000', () => {
  assert.equal(formatLegendValue(0.0000123456), '1.235e-5');
  assert.equal(formatLegendValue(0.2633991), '0.2634');
  assert.equal(formatLegendValue(null), '');
});

test('the y axis leaves room for its widest tick label and a gap before its own label', () => {
  assert.equal(yAxisSize(30.2), 31 + TICK_SIZE + TICK_GAP + Y_LABEL_GAP);
  const spec = { title: 't', xLabel: 'epoch', yLabel: 'loss', x: [1, 2, 3], width: 400, height: 300, series: [{ label: 'a', color: '#f00', values: [0.5, 0.0004, 0.00002] }], logY: true };
  const narrow = toUplot({ ...spec, series: [{ label: 'a', color: '#f00', values: [0.5, 0.4, 0.3] }] }).options.axes?.[1].size as number;
  const wide = toUplot(spec).options.axes?.[1].size as number;
  assert.ok(wide > narrow, `an axis down to 1e-5 (${wide} px) is no wider than one down to 0.1 (${narrow} px)`);
});
