// Types for the parts of asciichart (a CommonJS package without types) that wasmlp uses.
declare module 'asciichart' {
  interface PlotConfig {
    height?: number; colors?: string[]; format?: (value: number) => string; offset?: number; padding?: string;
    min?: number; max?: number;
    /** The axis' four characters (zero, tick, and two unused), then horizontal, down-from, up-from, down-to, up-to, vertical. */
    symbols?: string[];
  }
  const asciichart: { plot(series: number[] | number[][], config?: PlotConfig): string; reset: string };
  export default asciichart;
}
