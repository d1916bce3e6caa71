// Types for the parts of asciichart (a CommonJS package without types) that wasmlp uses.
declare module 'asciichart' {
  interface PlotConfig { height?: number; colors?: string[]; format?: (value: number) => string; offset?: number; padding?: string }
  const asciichart: { plot(series: number[] | number[][], config?: PlotConfig): string; reset: string };
  export default asciichart;
}
