// The arena descriptor: the one record that the TypeScript host writes and both
// backends (AssemblyScript kernels and the JS reference) read. This file is
// compiled by tsc for the host and by asc for the kernels, so it holds plain
// integer constants only.
//
// The descriptor is a block of 32-bit words at the start of the arena. A header
// is followed by one fixed-size record per dense layer. Pointers are byte
// offsets into the arena (wasm linear memory, or an ArrayBuffer for JS).

export const HEADER_WORDS = 32;
export const LAYER_WORDS = 16;

// Header words.
export const H_LAYERS = 0;
export const H_INPUTS = 1;
export const H_LOSS = 2;
export const H_METRIC = 3;
export const H_MAX_BATCH = 4;
export const H_OPTIMIZER = 5;
export const H_STEP = 6; // optimiser step count t, advanced by the kernels
export const H_PARAMS = 7; // parameter region: per layer kernel (inputs x units) then bias
export const H_GRADS = 8; // gradient region, same shape as the parameters
export const H_MOMENT1 = 9; // Adam m, or SGD velocity
export const H_MOMENT2 = 10; // Adam v
export const H_MASK = 11; // per-parameter 0/1 mask, same shape as the parameters
export const H_INPUT_BATCH = 12; // gathered input rows, maxBatch x inputs
export const H_TARGET_BATCH = 13; // gathered target rows, maxBatch x targetWidth
export const H_TARGET_WIDTH = 14; // output units, or 1 for sparse labels
export const H_DATA_X = 15; // training samples, rows x inputs
export const H_DATA_Y = 16; // training targets, rows x targetWidth
export const H_ORDER = 17; // i32 sample indices for one epoch
export const H_SCRATCH = 18; // room for the largest transposed kernel
export const H_LR = 19; // f32
export const H_BETA1 = 20; // f32
export const H_BETA2 = 21; // f32
export const H_EPSILON = 22; // f32
export const H_MOMENTUM = 23; // f32
export const H_NESTEROV = 24; // i32 0/1
export const H_ONE_MINUS_BETA1 = 25; // f32, rounded from the double 1 - beta1 as Keras does
export const H_OUT_LOSS = 26; // f64 (words 26-27): sum of batch loss x batch size
export const H_OUT_METRIC = 28; // f64 (words 28-29): sum of per-sample metric values
export const H_ONE_MINUS_BETA2 = 30; // f32

// Layer record words.
export const L_INPUTS = 0;
export const L_UNITS = 1;
export const L_ACTIVATION = 2;
export const L_TRAINABLE = 3; // 0/1, read at every step
export const L_MASKED = 4; // 0/1: this layer's mask has zeros, so the update must consult it
export const L_PARAM_OFFSET = 5; // byte offset of the layer inside every parameter-shaped region
export const L_Z = 6; // pre-activations, maxBatch x units
export const L_A = 7; // activations, maxBatch x units
export const L_DELTA = 8; // dLoss/dZ, maxBatch x units
export const L_GRAD_NORM = 10; // f64 (words 10-11): sum over steps of the layer's gradient L2 norm

export const ACT_LINEAR = 0;
export const ACT_RELU = 1;
export const ACT_SIGMOID = 2;
export const ACT_TANH = 3;
export const ACT_SOFTMAX = 4;

export const LOSS_BCE = 0; // binary cross-entropy on a sigmoid output, from the logits
export const LOSS_CCE = 1; // categorical cross-entropy on a softmax output, from the logits
export const LOSS_SCCE = 2; // sparse categorical cross-entropy on a softmax output
export const LOSS_MSE = 3;

export const METRIC_NONE = 0;
export const METRIC_BINARY = 1;
export const METRIC_CATEGORICAL = 2;
export const METRIC_SPARSE = 3;

export const OPT_ADAM = 0;
export const OPT_SGD = 1;

// What the matrix kernel does to each output before storing it (assembly/matmul.ts).
export const EPI_NONE = 0;
export const EPI_BIAS = 1; // + bias[col]
export const EPI_BIAS_RELU = 2; // max(0, . + bias[col])
export const EPI_GRAD_RELU = 3; // . * (a > 0), a in the output's layout: relu's derivative
export const EPI_GRAD_SIGMOID = 4; // . * a (1 - a)
export const EPI_GRAD_TANH = 5; // . * (1 - a^2)
