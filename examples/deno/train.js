// wasmlp in Deno, without an import map or npm: the self-contained bundle, the plain-SIMD
// kernels by URL, the breast cancer CSV read from disk. In your own project, copy
// wasmlp.js and simd.wasm from node_modules/wasmlp/dist/ (or serve them) and point at them.
//   deno run --allow-read examples/deno/train.js
import { Sequential, dense, adam, createWasmBackend, parseCsv, standardize } from '../../dist/bundle/wasmlp.js';

const csv = new URL('../../data/breast_cancer.csv', import.meta.url);
const data = parseCsv(await Deno.readTextFile(csv), { source: csv.pathname });
const x = standardize(data.x, data.features).apply(data.x);
const model = new Sequential({
  inputSize: data.features,
  layers: [dense(16, 'relu'), dense(8, 'relu'), dense(1, 'sigmoid')],
  backend: await createWasmBackend(new URL('../../dist/wasm/simd.wasm', import.meta.url)),
  seed: 100,
});
model.compile({ optimizer: adam({ learningRate: 0.001 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(x, data.y, {
  batchSize: 32,
  epochs: 20,
  onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1} loss ${logs.loss} accuracy ${logs.accuracy}`),
});
model.dispose();
