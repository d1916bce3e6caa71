// wasmlp in Bun: the self-contained bundle (a project that installed wasmlp imports it as
// 'wasmlp/bundle'), the plain-SIMD kernels as bytes, the breast cancer CSV read with Bun.file.
//   bun examples/bun/train.js
import { Sequential, dense, adam, createWasmBackend, parseCsv, standardize } from '../../dist/bundle/wasmlp.js';

const csv = new URL('../../data/breast_cancer.csv', import.meta.url);
const data = parseCsv(await Bun.file(csv).text(), { source: csv.pathname });
const x = standardize(data.x, data.features).apply(data.x);
const kernels = await Bun.file(new URL('../../dist/wasm/simd.wasm', import.meta.url)).bytes();
const model = new Sequential({
  inputSize: data.features,
  layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')],
  backend: await createWasmBackend(kernels),
  seed: 100,
});
model.compile({ optimizer: adam({ learningRate: 0.001 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(x, data.y, {
  batchSize: 32,
  epochs: 20,
  onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1} loss ${logs.loss} accuracy ${logs.accuracy}`),
});
model.dispose();
