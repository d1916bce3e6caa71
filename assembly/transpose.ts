// dst[cols x rows] = src[rows x cols]^T: a long batch laid out so that its kernel gradient
// is a product of row-major operands, or a small kernel for its input gradient. Blocks of
// 4 x 4 move as four vectors and eight shuffles; the edges, one float at a time.
//
// Columns go COLS_BLOCK at a time, every row for each: a 4 x 4 block writes 16 bytes into
// each of 4 rows of dst, so four row blocks fill a cache line. Across all of a wide batch's
// columns at once (784), the partly written lines outnumber L1's and are evicted and fetched
// again before they fill; across 32 they stay until full, even when dst's row stride (512
// bytes for a batch of 128) puts them in few of L1's sets. Measured at W3's sizes: a half to
// three quarters of the unblocked loop's time, and less than with 16 or 64 columns.
const COLS_BLOCK = 32;

export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  const srcStride = <usize>cols << 2;
  const dstStride = <usize>rows << 2;
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  for (let block = 0; block < cols4; block += COLS_BLOCK) {
    const blockEnd = min(block + COLS_BLOCK, cols4);
    for (let i = 0; i < rows4; i += 4) {
      const from = src + <usize>i * srcStride;
      const to = dst + (<usize>i << 2);
      for (let j = block; j < blockEnd; j += 4) {
        const at = from + (<usize>j << 2);
        const r0 = v128.load(at), r1 = v128.load(at + srcStride);
        const r2 = v128.load(at + 2 * srcStride), r3 = v128.load(at + 3 * srcStride);
        // [r0.0 r1.0 r0.1 r1.1], [r2.0 r3.0 r2.1 r3.1], [r0.2 r1.2 r0.3 r1.3], [r2.2 r3.2 r2.3 r3.3]
        const low01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), low23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
        const high01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), high23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
        const out = to + <usize>j * dstStride;
        v128.store(out, v128.shuffle<f32>(low01, low23, 0, 1, 4, 5));
        v128.store(out + dstStride, v128.shuffle<f32>(low01, low23, 2, 3, 6, 7));
        v128.store(out + 2 * dstStride, v128.shuffle<f32>(high01, high23, 0, 1, 4, 5));
        v128.store(out + 3 * dstStride, v128.shuffle<f32>(high01, high23, 2, 3, 6, 7));
      }
    }
  }
  for (let i = 0; i < rows4; i += 4) {
    const from = src + <usize>i * srcStride;
    const to = dst + (<usize>i << 2);
    for (let j = cols4; j < cols; j++) {
      for (let q = 0; q < 4; q++) store<f32>(to + <usize>j * dstStride + (<usize>q << 2), load<f32>(from + <usize>q * srcStride + (<usize>j << 2)));
    }
  }
  for (let i = rows4; i < rows; i++) {
    const from = src + <usize>i * srcStride;
    for (let j = 0; j < cols; j++) store<f32>(dst + <usize>j * dstStride + (<usize>i << 2), load<f32>(from + (<usize>j << 2)));
  }
}
