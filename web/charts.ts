// The live charts: uPlot drawing the same chart specs as the report, updated as epochs
// arrive, with a vertical mark where a trainable set was changed mid-run.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSpec } from '../src/plot/chart-spec.js';
import { formatTick, toUplot } from '../src/plot/uplot-options.js';

/** A change of trainable set, drawn as a dashed vertical line at its epoch. */
export interface Marker { epoch: number; color: string; label: string }

export class ChartBoard {
  private readonly plots = new Map<number, { plot: uPlot; signature: string }>();
  private markers: Marker[] = [];

  constructor(private readonly root: HTMLElement) {}

  /** Removes every chart. */
  clear(): void {
    for (const { plot } of this.plots.values()) plot.destroy();
    this.plots.clear();
    this.root.replaceChildren();
    this.markers = [];
  }

  /** Adds a mark on every chart. */
  mark(marker: Marker): void {
    this.markers.push(marker);
    for (const { plot } of this.plots.values()) plot.redraw(false);
  }

  /** Draws the specs: new data into charts of the same shape, new charts otherwise. */
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
      const axes = options.axes ?? [];
      if (axes[1]) axes[1].values = (_u: uPlot, splits: number[]) => splits.map(formatTick);
      const plot = new uPlot({ ...options, axes, hooks: { draw: [(u: uPlot) => this.drawMarkers(u)] } }, data as uPlot.AlignedData, holder);
      this.plots.set(i, { plot, signature });
    });
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
