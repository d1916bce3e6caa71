// The live charts: uPlot drawing the same chart specs as the report, updated as epochs
// arrive, with a vertical mark where a trainable set was changed mid-run. Each chart fills
// its cell of the grid (two columns on wide screens, one on phones) and follows its size;
// every chart's y axis takes the same width, so their plot areas and x axes line up.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSpec } from '../src/plot/chart-spec.js';
import { formatLegendValue, formatTick, toUplot, yAxisSize } from '../src/plot/uplot-options.js';

/** A change of trainable set, drawn as a dashed vertical line at its epoch. */
export interface Marker { epoch: number; color: string; label: string }

// Set on the axes explicitly, so that the labels measured are the labels drawn.
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = `bold ${AXIS_FONT}`;

export class ChartBoard {
  private readonly plots = new Map<number, { plot: uPlot; signature: string; holder: HTMLElement; height: number }>();
  private markers: Marker[] = [];
  /** The y axis width every chart takes: the widest any chart's tick labels need so far. */
  private yAxisWidth = 0;
  private realignScheduled = false;
  private readonly measure = document.createElement('canvas').getContext('2d');
  private lastWidth = 0;
  // On the next frame, not inside the observer's callback: resizing a chart there would change
  // the observed box again in the same frame, which browsers report as a ResizeObserver loop error.
  private readonly resizing = new ResizeObserver(() => {
    if (this.root.clientWidth === this.lastWidth) return;
    this.lastWidth = this.root.clientWidth;
    requestAnimationFrame(() => this.fit());
  });

  constructor(private readonly root: HTMLElement) {
    this.resizing.observe(root);
  }

  /** Removes every chart. */
  clear(): void {
    for (const { plot } of this.plots.values()) plot.destroy();
    this.plots.clear();
    this.root.replaceChildren();
    this.markers = [];
    this.yAxisWidth = 0;
  }

  /** Adds a mark on every chart. */
  mark(marker: Marker): void {
    this.markers.push(marker);
    for (const { plot } of this.plots.values()) plot.redraw(false);
  }

  /** Draws the specs: new data into charts of the same shape, new charts otherwise. A spec's width is its cell's. */
  update(specs: ChartSpec[]): void {
    specs.forEach((spec, i) => {
      const { options, data } = toUplot(spec);
      const signature = JSON.stringify(options.series.map((s) => s.label)) + String(spec.logY);
      const existing = this.plots.get(i);
      if (existing && existing.signature === signature) {
        existing.plot.setData(data as uPlot.AlignedData);
        return;
      }
      existing?.plot.destroy();
      let holder = this.root.querySelector<HTMLElement>(`[data-chart="${i}"]`);
      if (!holder) {
        holder = document.createElement('div');
        holder.className = 'chart';
        holder.dataset.chart = String(i);
        this.root.append(holder);
      }
      holder.replaceChildren();
      const width = holder.clientWidth || spec.width;
      const plot = new uPlot(this.interactive(options, width, spec.height), data as uPlot.AlignedData, holder);
      this.plots.set(i, { plot, signature, holder, height: spec.height });
    });
  }

  /** The JSON options with what only a live page has: measured axes, exact legend figures, dashed legend marks. */
  private interactive(options: uPlot.Options, width: number, height: number): uPlot.Options {
    const [xAxis, yAxis] = options.axes ?? [];
    const estimate = typeof yAxis?.size === 'number' ? yAxis.size : 50;
    const axes: uPlot.Axis[] = [
      { ...xAxis, font: AXIS_FONT, labelFont: LABEL_FONT },
      {
        ...yAxis, font: AXIS_FONT, labelFont: LABEL_FONT,
        values: (_u: uPlot, splits: number[]) => splits.map(formatTick),
        size: (_u: uPlot, labels: string[] | null) => this.yAxisSizeFor(labels, estimate),
      },
    ];
    const series = options.series.map((s, i) => (i === 0 ? s : {
      ...s,
      value: (_u: uPlot, value: number | null, _s: number, index: number | null) => (index == null ? '--' : formatLegendValue(value)),
    }));
    return {
      ...options,
      ...this.sized(width, height),
      axes,
      series,
      // A dashed line (a validation curve) gets a dashed swatch in the legend.
      legend: { ...options.legend, markers: { width: 2, dash: (u: uPlot, i: number) => (u.series[i].dash ? 'dashed' : 'solid') } },
      hooks: { draw: [(u: uPlot) => this.drawMarkers(u)] },
    };
  }

  /** Phones get a chart a little less tall than wide screens, so that two fit in a screenful. */
  private sized(width: number, height: number): { width: number; height: number } {
    return { width: Math.max(200, Math.floor(width)), height: Math.round(Math.min(height, Math.max(220, width * 0.8))) };
  }

  /** The shared y axis width, grown (never shrunk during a run) when this chart's labels need more. */
  private yAxisSizeFor(labels: string[] | null, estimate: number): number {
    if (!labels || !this.measure) return this.yAxisWidth || estimate;
    this.measure.font = AXIS_FONT;
    let widest = 0;
    for (const label of labels) widest = Math.max(widest, this.measure.measureText(label ?? '').width);
    const needed = yAxisSize(widest);
    if (needed > this.yAxisWidth) {
      this.yAxisWidth = needed;
      this.realign();
    }
    return this.yAxisWidth;
  }

  /** After a chart's y axis grew, every chart takes the new width (on the next frame, outside uPlot's layout pass). */
  private realign(): void {
    if (this.realignScheduled) return;
    this.realignScheduled = true;
    requestAnimationFrame(() => {
      this.realignScheduled = false;
      // Charts already that wide lay out unchanged.
      for (const { plot } of this.plots.values()) plot.redraw(false, true);
    });
  }

  /** Each chart takes its cell's width (the grid's columns change with the window). */
  private fit(): void {
    for (const { plot, holder, height } of this.plots.values()) {
      const size = this.sized(holder.clientWidth, height);
      if (holder.clientWidth > 0 && (size.width !== plot.width || size.height !== plot.height)) plot.setSize(size);
    }
  }

  private drawMarkers(u: uPlot): void {
    const context = u.ctx;
    context.save();
    context.setLineDash([4, 4]);
    context.lineWidth = 1.5 * devicePixelRatio;
    for (const marker of this.markers) {
      const x = u.valToPos(marker.epoch, 'x', true);
      context.strokeStyle = marker.color;
      context.beginPath();
      context.moveTo(x, u.bbox.top);
      context.lineTo(x, u.bbox.top + u.bbox.height);
      context.stroke();
    }
    context.restore();
  }
}
