// Dense matrix products over row-major f32 matrices in linear memory, with f32x4.
// Columns are processed in register blocks of 16, then 4; narrow tails (the
// 1-unit output of a binary classifier) get their own vector path so that no
// width falls back to a slow scalar loop over the whole matrix.

// c[rows x cols] = a[rows x inner] . b[inner x cols], plus bias[cols] when bias != 0.
export function matmul(a: usize, b: usize, bias: usize, c: usize, rows: i32, inner: i32, cols: i32): void {
  const strideA = <usize>inner << 2;
  const strideB = <usize>cols << 2;
  const cols16 = cols & ~15;
  const cols4 = cols & ~3;
  const inner4 = inner & ~3;
  for (let r = 0; r < rows; r++) {
    const aRow = a + <usize>r * strideA;
    const cRow = c + <usize>r * strideB;
    let j = 0;
    for (; j < cols16; j += 16) {
      const bCol = b + (<usize>j << 2);
      let acc0 = f32x4.splat(0);
      let acc1 = f32x4.splat(0);
      let acc2 = f32x4.splat(0);
      let acc3 = f32x4.splat(0);
      for (let k = 0; k < inner; k++) {
        const x = f32x4.splat(load<f32>(aRow + (<usize>k << 2)));
        const bRow = bCol + <usize>k * strideB;
        acc0 = f32x4.add(acc0, f32x4.mul(x, v128.load(bRow)));
        acc1 = f32x4.add(acc1, f32x4.mul(x, v128.load(bRow, 16)));
        acc2 = f32x4.add(acc2, f32x4.mul(x, v128.load(bRow, 32)));
        acc3 = f32x4.add(acc3, f32x4.mul(x, v128.load(bRow, 48)));
      }
      const out = cRow + (<usize>j << 2);
      if (bias) {
        const bj = bias + (<usize>j << 2);
        acc0 = f32x4.add(acc0, v128.load(bj));
        acc1 = f32x4.add(acc1, v128.load(bj, 16));
        acc2 = f32x4.add(acc2, v128.load(bj, 32));
        acc3 = f32x4.add(acc3, v128.load(bj, 48));
      }
      v128.store(out, acc0);
      v128.store(out, acc1, 16);
      v128.store(out, acc2, 32);
      v128.store(out, acc3, 48);
    }
    for (; j < cols4; j += 4) {
      const bCol = b + (<usize>j << 2);
      let acc = f32x4.splat(0);
      for (let k = 0; k < inner; k++) {
        const x = f32x4.splat(load<f32>(aRow + (<usize>k << 2)));
        acc = f32x4.add(acc, f32x4.mul(x, v128.load(bCol + <usize>k * strideB)));
      }
      if (bias) acc = f32x4.add(acc, v128.load(bias + (<usize>j << 2)));
      v128.store(cRow + (<usize>j << 2), acc);
    }
    if (cols == 1) {
      // A single column of b is contiguous: a vector dot product over inner.
      let acc = f32x4.splat(0);
      let k = 0;
      for (; k < inner4; k += 4) {
        const off = <usize>k << 2;
        acc = f32x4.add(acc, f32x4.mul(v128.load(aRow + off), v128.load(b + off)));
      }
      let sum = horizontalSum(acc);
      for (; k < inner; k++) sum += load<f32>(aRow + (<usize>k << 2)) * load<f32>(b + (<usize>k << 2));
      if (bias) sum += load<f32>(bias);
      store<f32>(cRow, sum);
    } else {
      for (; j < cols; j++) {
        let sum: f32 = 0;
        for (let k = 0; k < inner; k++) {
          sum += load<f32>(aRow + (<usize>k << 2)) * load<f32>(b + <usize>k * strideB + (<usize>j << 2));
        }
        if (bias) sum += load<f32>(bias + (<usize>j << 2));
        store<f32>(cRow + (<usize>j << 2), sum);
      }
    }
  }
}

// Kernel and bias gradients of a dense layer:
// gradKernel[inputs x units] = input^T . delta, gradBias[units] = column sums of delta.
export function denseGradients(input: usize, delta: usize, gradKernel: usize, gradBias: usize, rows: i32, inputs: i32, units: i32): void {
  const strideIn = <usize>inputs << 2;
  const strideD = <usize>units << 2;
  const units16 = units & ~15;
  const units4 = units & ~3;
  const inputs4 = inputs & ~3;
  for (let k = 0; k < inputs; k++) {
    const inCol = input + (<usize>k << 2);
    const gRow = gradKernel + <usize>k * strideD;
    let j = 0;
    for (; j < units16; j += 16) {
      const dCol = delta + (<usize>j << 2);
      let acc0 = f32x4.splat(0);
      let acc1 = f32x4.splat(0);
      let acc2 = f32x4.splat(0);
      let acc3 = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        const x = f32x4.splat(load<f32>(inCol + <usize>r * strideIn));
        const dRow = dCol + <usize>r * strideD;
        acc0 = f32x4.add(acc0, f32x4.mul(x, v128.load(dRow)));
        acc1 = f32x4.add(acc1, f32x4.mul(x, v128.load(dRow, 16)));
        acc2 = f32x4.add(acc2, f32x4.mul(x, v128.load(dRow, 32)));
        acc3 = f32x4.add(acc3, f32x4.mul(x, v128.load(dRow, 48)));
      }
      const out = gRow + (<usize>j << 2);
      v128.store(out, acc0);
      v128.store(out, acc1, 16);
      v128.store(out, acc2, 32);
      v128.store(out, acc3, 48);
    }
    for (; j < units4; j += 4) {
      const dCol = delta + (<usize>j << 2);
      let acc = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        const x = f32x4.splat(load<f32>(inCol + <usize>r * strideIn));
        acc = f32x4.add(acc, f32x4.mul(x, v128.load(dCol + <usize>r * strideD)));
      }
      v128.store(gRow + (<usize>j << 2), acc);
    }
  }
  // Tail columns (units % 4): vectorise over the inputs instead, four kernel rows at a time.
  for (let j = units4; j < units; j++) {
    const dCol = delta + (<usize>j << 2);
    let k = 0;
    for (; k < inputs4; k += 4) {
      let acc = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        const d = f32x4.splat(load<f32>(dCol + <usize>r * strideD));
        acc = f32x4.add(acc, f32x4.mul(d, v128.load(input + <usize>r * strideIn + (<usize>k << 2))));
      }
      const out = gradKernel + <usize>k * strideD + (<usize>j << 2);
      store<f32>(out, f32x4.extract_lane(acc, 0));
      store<f32>(out + strideD, f32x4.extract_lane(acc, 1));
      store<f32>(out + 2 * strideD, f32x4.extract_lane(acc, 2));
      store<f32>(out + 3 * strideD, f32x4.extract_lane(acc, 3));
    }
    for (; k < inputs; k++) {
      let sum: f32 = 0;
      for (let r = 0; r < rows; r++) {
        sum += load<f32>(input + <usize>r * strideIn + (<usize>k << 2)) * load<f32>(dCol + <usize>r * strideD);
      }
      store<f32>(gradKernel + <usize>k * strideD + (<usize>j << 2), sum);
    }
  }
  let j = 0;
  for (; j < units4; j += 4) {
    let acc = f32x4.splat(0);
    for (let r = 0; r < rows; r++) acc = f32x4.add(acc, v128.load(delta + <usize>r * strideD + (<usize>j << 2)));
    v128.store(gradBias + (<usize>j << 2), acc);
  }
  for (; j < units; j++) {
    let sum: f32 = 0;
    for (let r = 0; r < rows; r++) sum += load<f32>(delta + <usize>r * strideD + (<usize>j << 2));
    store<f32>(gradBias + (<usize>j << 2), sum);
  }
}

// dst[cols x rows] = src[rows x cols]^T, so that the input gradient is another row-major matmul.
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      store<f32>(dst + ((<usize>j * <usize>rows + <usize>i) << 2), load<f32>(src + ((<usize>i * <usize>cols + <usize>j) << 2)));
    }
  }
}

// @ts-ignore: decorator
@inline
export function horizontalSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
