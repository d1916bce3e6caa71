// One colour per trainable set, the same in the terminal, the report and the PNG.

/** CSS colours, in the order sets are listed. */
export const SET_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/** The nearest ANSI terminal colours to SET_COLORS. */
export const SET_ANSI = ['\x1b[34m', '\x1b[31m', '\x1b[32m', '\x1b[33m', '\x1b[35m', '\x1b[33m', '\x1b[95m', '\x1b[36m', '\x1b[37m', '\x1b[93m'];

/** The colour of the i-th set. */
export function setColor(i: number): string {
  return SET_COLORS[i % SET_COLORS.length];
}
