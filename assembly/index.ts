// The wasm module's exports: whole-epoch training, evaluation, prediction, and
// one-batch gradients for checks. Every call takes the arena descriptor's address.
export { trainEpoch, computeGradients, applyGradients, evaluate, predict } from "./train";
