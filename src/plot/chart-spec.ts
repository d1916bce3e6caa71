// A chart described without any drawing library: what the HTML report, the PNG
// renderer and the browser app all draw with uPlot.

/** One line, with an optional min-max band around it (min and max across seeds). */
export interface LineSeries {
  label: string;
  /** A CSS colour. */
  color: string;
  /** One value per x; null leaves a gap. */
  values: (number | null)[];
  band?: { min: (number | null)[]; max: (number | null)[] };
  /** Dashed, for a secondary line such as a validation curve. */
  dashed?: boolean;
}

/** A line chart over a shared x axis. */
export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Shared x values, ascending (epochs 1..n). */
  x: number[];
  series: LineSeries[];
  width: number;
  height: number;
  /** A logarithmic y axis (losses spanning decades). */
  logY?: boolean;
}
