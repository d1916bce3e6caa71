// wasmlp in Node: the founding network (30-16-8-1, relu, relu, sigmoid) on the breast cancer
// data shipped with the package, plain SIMD, seed 100, 20 epochs.
//   node examples/node/train.mjs
import { Sequential, dense, adam, loadBackend, loadBuiltinDataset, standardize } from 'wasmlp/node';

const data = await loadBuiltinDataset('breast-cancer');
const x = standardize(data.x, data.features).apply(data.x);
const model = new Sequential({
  inputSize: data.features,
  layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')],
  backend: await loadBackend('wasm-simd'), // plain SIMD: the same bits as Deno, Bun, workerd and browsers
  seed: 100,
});
model.compile({ optimizer: adam({ learningRate: 0.001 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(x, data.y, {
  batchSize: 32,
  epochs: 20,
  onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1} loss ${logs.loss} accuracy ${logs.accuracy}`),
});
model.dispose();
