// The network as a diagram (SVG, no library): a column of units per layer, edges between
// columns, and each layer a button that freezes or unfreezes it in the set the diagram shows.
// Trainable layers are drawn in the set's colour, frozen ones ice-blue and dashed; a layer
// training only its kernel or only its bias shows which (edges are the kernel, the units
// the layer ends in are its bias). While a run goes on, edge strength follows each layer's
// gradient norm.
//
//   const diagram = new NetworkDiagram(root, (layer) => editor.toggleLayer(editor.selected, layer));
//   diagram.show({ sizes: [30, 16, 8, 1], activations: ['relu', 'relu', 'sigmoid'], parts, setName: 'all layers', color });
//   diagram.activity([0.31, 0.12, 0.05]);   // per layer, null where frozen; null to clear
import { networkLayout, type NetworkLayout } from '../src/plot/network-layout.js';
import { formatSignificant } from '../src/units.js';
import type { Topology } from '../src/io/topology.js';

/** What the diagram draws: the network, and what the shown set trains in it. */
export interface DiagramNetwork {
  /** Inputs, then each layer's units (the last is the output layer). */
  sizes: number[];
  /** Each layer's activation. */
  activations: string[];
  /** Per layer, whether the shown set trains its kernel and its bias. */
  parts: { kernel: boolean; bias: boolean }[];
  /** The shown set, in words ('all layers', 'layer 1 only'). */
  setName: string;
  /** The shown set's colour. */
  color: string;
}

/** Sizes and activations of the network the page trains on data of this shape (as layerSizes in src/experiments/experiment.ts). */
export function networkShape(data: { features: number; classes: number }, hidden: number[], activation: string): Pick<DiagramNetwork, 'sizes' | 'activations'> {
  // One sigmoid output for two classes, else a softmax unit per class.
  const binary = data.classes === 2;
  return {
    sizes: [data.features, ...hidden, binary ? 1 : data.classes],
    activations: [...hidden.map(() => activation), binary ? 'sigmoid' : 'softmax'],
  };
}

/** Sizes and activations of a saved model every run starts from. */
export function modelShape(topology: Topology): Pick<DiagramNetwork, 'sizes' | 'activations'> {
  return { sizes: [topology.inputSize, ...topology.layers.map((layer) => layer.units)], activations: topology.layers.map((layer) => layer.activation) };
}

type LayerState = 'trainable' | 'frozen' | 'kernel' | 'bias';

const SVG = 'http://www.w3.org/2000/svg';
const ICE = '#7fb3d5';
const ICE_FILL = '#eef6fb';
const ICE_INK = '#2b6c99';
const INK = '#1d2330';
const MUTED = '#4a5263';

const STATE_WORDS: Record<LayerState, string> = { trainable: 'trainable', frozen: '❄ frozen', kernel: 'kernel only', bias: 'bias only' };

function stateOf(part: { kernel: boolean; bias: boolean }): LayerState {
  if (part.kernel && part.bias) return 'trainable';
  if (part.kernel) return 'kernel';
  if (part.bias) return 'bias';
  return 'frozen';
}

function svg<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

export class NetworkDiagram {
  private layout: NetworkLayout | null = null;
  private gradNorms: (number | null)[] | null = null;

  /** `onToggleLayer` gets the 1-based layer number a click or Enter/Space landed on. */
  constructor(private readonly root: HTMLElement, private readonly onToggleLayer: (layer: number) => void) {}

  /** Draws this network (null: nothing to draw yet, e.g. before a CSV file is chosen). */
  show(network: DiagramNetwork | null): void {
    // A redraw replaces the layer buttons: the one that had focus gets it back.
    const focused = (document.activeElement as Element | null)?.closest?.('[data-layer]');
    const focusedLayer = focused && this.root.contains(focused) ? focused.getAttribute('data-layer') : null;
    this.root.replaceChildren();
    if (!network) {
      this.layout = null;
      const note = document.createElement('p');
      note.className = 'info';
      note.textContent = 'The network is drawn here once its data is known.';
      this.root.append(note);
      return;
    }
    if (this.gradNorms && this.gradNorms.length !== network.parts.length) this.gradNorms = null;
    this.layout = networkLayout(network.sizes);
    this.root.append(this.drawing(network, this.layout), this.hint(network));
    this.paintActivity();
    if (focusedLayer) this.root.querySelector<SVGGElement>(`[data-layer="${focusedLayer}"]`)?.focus();
  }

  /** Each layer's gradient norm in the last epoch of the shown set (null where frozen); null clears. */
  activity(gradNorms: (number | null)[] | null): void {
    this.gradNorms = gradNorms;
    this.paintActivity();
  }

  private drawing(network: DiagramNetwork, layout: NetworkLayout): SVGSVGElement {
    const { sizes } = network;
    const layers = sizes.length - 1;
    const root = svg('svg', { viewBox: `0 0 ${layout.width} ${layout.height}`, class: 'network', role: 'group' });
    root.setAttribute('aria-label', `the network: ${sizes[0]} inputs, ${layers === 1 ? 'one layer' : `${layers} layers`} of ${sizes.slice(1).join(', ')} units; showing set '${network.setName}'`);
    // Shown at about its own size (a little larger on wide screens, smaller on phones); a network too wide to be read scrolls in its box.
    root.style.maxWidth = `${Math.round(layout.width * 1.15)}px`;
    root.style.minWidth = `${Math.min(Math.round(layout.width * 0.75), 520)}px`;

    const captions = svg('g', { class: 'captions', 'aria-hidden': 'true' });
    layout.columns.forEach((column, c) => {
      const words = c === 0 ? `${column.units} input${column.units === 1 ? '' : 's'}`
        : c === layers ? `${column.units} output${column.units === 1 ? '' : 's'}` : `${column.units} units`;
      captions.append(text(words, column.x, layout.captionY, MUTED));
      if (column.more > 0) captions.append(text(`+${column.more} more`, column.x, layout.moreY, MUTED));
    });
    root.append(captions);

    const inputs = svg('g', { class: 'units inputs', 'aria-hidden': 'true' });
    for (const y of layout.columns[0].ys) inputs.append(svg('circle', { cx: layout.columns[0].x, cy: y, r: layout.radius, fill: '#fff', stroke: MUTED, 'stroke-width': 1.5 }));
    root.append(inputs);

    layout.layers.forEach((geometry, l) => {
      const part = network.parts[l] ?? { kernel: false, bias: false };
      const state = stateOf(part);
      const output = l === layers - 1;
      const activation = network.activations[l] ?? '';
      const group = svg('g', {
        class: `layer ${state}`, role: 'button', tabindex: 0,
        'data-layer': geometry.layer, 'data-state': state, 'data-frozen': String(state === 'frozen'),
      });
      const what = `${geometry.from}→${geometry.to}, ${output ? 'output, ' : ''}${activation}`;
      const action = state === 'frozen' ? 'click to make trainable' : 'click to freeze';
      const status = state === 'frozen' ? 'frozen' : state === 'trainable' ? 'trainable' : `${state === 'kernel' ? 'kernel' : 'bias'} only trains`;
      group.setAttribute('aria-label', `layer ${geometry.layer} (${what}): ${status} in set '${network.setName}' — ${action}`);
      const { hit } = geometry;
      group.append(svg('rect', { class: 'hit', x: hit.x, y: hit.y, width: hit.width, height: hit.height, rx: 6 }));

      const kernelOn = part.kernel;
      const edges = svg('g', {
        class: 'edges', stroke: kernelOn ? network.color : ICE, 'stroke-width': kernelOn ? 1.2 : 1,
        ...(kernelOn ? {} : { 'stroke-dasharray': '3 3' }),
      });
      for (const e of geometry.edges) edges.append(svg('line', { x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2 }));
      group.append(edges);

      // The units this layer ends in carry its bias.
      const column = layout.columns[geometry.layer];
      const units = svg('g', { class: 'units' });
      for (const y of column.ys) {
        units.append(svg('circle', {
          cx: column.x, cy: y, r: layout.radius, 'stroke-width': 1.5,
          ...(part.bias ? { fill: '#fff', stroke: network.color } : { fill: ICE_FILL, stroke: ICE, 'stroke-dasharray': '2 2' }),
        }));
      }
      group.append(units);

      // The words sit outside the button, unseen by screen readers and clicks: its accessible name
      // says all they say, and the epoch's gradient norm would otherwise rename it every frame.
      const labels = svg('g', { class: 'layer-labels', 'aria-hidden': 'true', 'data-layer-labels': geometry.layer });
      const lines = [
        [`layer ${geometry.layer}`, INK, 'bold'],
        [`${geometry.from}→${geometry.to}`, MUTED, ''],
        [output ? `output, ${activation}` : activation, MUTED, ''],
        [STATE_WORDS[state], state === 'trainable' ? INK : ICE_INK, state === 'trainable' ? '' : 'bold'],
        ['', MUTED, ''],
      ] as const;
      lines.forEach(([words, color, weight], i) => {
        const line = text(words, geometry.labelX, layout.labelY + i * layout.lineHeight, color);
        if (weight) line.setAttribute('font-weight', weight);
        if (i === lines.length - 1) line.classList.add('grad-norm');
        labels.append(line);
      });

      group.addEventListener('click', () => this.onToggleLayer(geometry.layer));
      group.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        this.onToggleLayer(geometry.layer);
      });
      root.append(group, labels);
    });
    return root;
  }

  private hint(network: DiagramNetwork): HTMLElement {
    const hint = document.createElement('p');
    hint.className = 'diagram-hint info';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = network.color;
    const name = document.createElement('strong');
    name.textContent = network.setName;
    hint.append(swatch, 'showing ', name, ': click a layer to freeze or unfreeze it in this set.');
    return hint;
  }

  /** Edge strength from the gradient norms: the strongest layer full, the others by the square root of their share. */
  private paintActivity(): void {
    if (!this.layout) return;
    const norms = this.gradNorms;
    const largest = norms ? Math.max(0, ...norms.map((n) => (n !== null && Number.isFinite(n) ? n : 0))) : 0;
    this.root.querySelectorAll<SVGGElement>('.layer').forEach((group, l) => {
      const norm = norms?.[l] ?? null;
      const edges = group.querySelector<SVGGElement>('.edges');
      const label = this.root.querySelector<SVGTextElement>(`[data-layer-labels="${l + 1}"] .grad-norm`);
      const frozenKernel = group.dataset.state === 'frozen' || group.dataset.state === 'bias';
      const share = norm !== null && largest > 0 ? Math.sqrt(Math.min(1, norm / largest)) : null;
      edges?.setAttribute('stroke-opacity', String(frozenKernel ? 0.7 : share === null ? 0.55 : 0.12 + 0.8 * share));
      if (label) label.textContent = norm !== null && Number.isFinite(norm) ? `‖∇‖ ${formatSignificant(norm, 2)}` : '';
    });
  }
}

function text(words: string, x: number, y: number, color: string): SVGTextElement {
  const node = svg('text', { x, y, fill: color, 'text-anchor': 'middle' });
  node.textContent = words;
  return node;
}
