// Makes something for the fine-tuning Worker to work on: the founding network pretrained
// 5 epochs on the first 400 breast cancer rows, saved as DIR/model.json + DIR/weights.bin,
// and the other 169 rows (standardised the same way) as DIR/data.csv.
//   node examples/worker/pretrain.mjs DIR
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sequential, dense, adam, loadBackend, loadBuiltinDataset, saveModel, standardize } from 'wasmlp/node';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node examples/worker/pretrain.mjs DIR');
  process.exit(2);
}
const PRETRAIN_ROWS = 400;
const data = await loadBuiltinDataset('breast-cancer');
const f = data.features;
const x = standardize(data.x, f).apply(data.x);
const model = new Sequential({ inputSize: f, layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')], backend: await loadBackend('wasm-simd'), seed: 100 });
model.compile({ optimizer: adam({ learningRate: 0.001 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(x.subarray(0, PRETRAIN_ROWS * f), data.y.subarray(0, PRETRAIN_ROWS), { epochs: 5, batchSize: 32 });
await saveModel(model, dir);
model.dispose();
const header = [...data.featureNames, 'label'].map((name) => JSON.stringify(name)).join(',');
const rows = [];
for (let r = PRETRAIN_ROWS; r < data.rows; r++) rows.push([...x.subarray(r * f, (r + 1) * f), data.y[r]].join(','));
writeFileSync(join(dir, 'data.csv'), `${header}\n${rows.join('\n')}\n`);
console.log(`wrote ${join(dir, 'model.json')}, ${join(dir, 'weights.bin')} and ${join(dir, 'data.csv')} (${rows.length} rows)`);
