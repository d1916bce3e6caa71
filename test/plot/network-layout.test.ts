// The network diagram's geometry: a column per size, at most MAX_DRAWN_UNITS units drawn with
// the rest counted, an edge per pair of drawn units, and layer click areas that never overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DRAWN_UNITS, networkLayout } from '../../src/plot/network-layout.js';

test('wide layers draw MAX_DRAWN_UNITS units and count the rest; narrow ones draw every unit', () => {
  const layout = networkLayout([64, 128, 8, 10]);
  assert.deepEqual(layout.columns.map((c) => [c.units, c.ys.length, c.more]), [[64, 10, 54], [128, 10, 118], [8, 8, 0], [10, 10, 0]]);
  assert.equal(MAX_DRAWN_UNITS, 10);
  assert.deepEqual(layout.layers.map((l) => [l.layer, l.from, l.to, l.edges.length]), [[1, 64, 128, 100], [2, 128, 8, 80], [3, 8, 10, 80]]);
  // A narrower column is centred on the widest.
  const middle = (ys: number[]): number => (ys[0] + ys[ys.length - 1]) / 2;
  assert.equal(middle(layout.columns[2].ys), middle(layout.columns[0].ys));
  assert.equal(networkLayout([30, 16, 8, 1], 4).columns[3].ys.length, 1);
});

test('each layer\'s edges join its two columns, and the click areas tile the drawing without overlap', () => {
  const layout = networkLayout([30, 16, 8, 1]);
  layout.layers.forEach((layer, l) => {
    const [from, to] = [layout.columns[l], layout.columns[l + 1]];
    for (const edge of layer.edges) {
      assert.ok(edge.x1 > from.x && edge.x2 < to.x);
      assert.ok(from.ys.includes(edge.y1) && to.ys.includes(edge.y2));
    }
    // The area takes in the units the layer ends in (its bias) but not those it starts from.
    assert.ok(layer.hit.x > from.x + layout.radius && layer.hit.x + layer.hit.width > to.x + layout.radius);
    const next = layout.layers[l + 1];
    if (next) assert.ok(layer.hit.x + layer.hit.width <= next.hit.x, `layers ${l + 1} and ${l + 2} overlap`);
    assert.ok(layer.hit.y + layer.hit.height <= layout.height);
    assert.ok(layer.labelX > from.x && layer.labelX < to.x);
  });
  assert.ok(layout.columns.every((c) => c.x > 0 && c.x < layout.width));
  assert.ok(layout.labelY > layout.moreY && layout.moreY > Math.max(...layout.columns.flatMap((c) => c.ys)));
});

test('a network without a layer, or with a size that is not a whole number from 1, is refused', () => {
  assert.throws(() => networkLayout([4]), /at least one layer/);
  assert.throws(() => networkLayout([4, 0, 1]), /whole numbers from 1/);
  assert.throws(() => networkLayout([4, 2.5, 1]), /whole numbers from 1/);
});
