// The network diagram's geometry, without a DOM: where each column of units, each layer's
// edges and each label go for a network of the given sizes. The page draws it as SVG
// (web/network-diagram.ts); it lives here so that Node's tests can check it.

/** Units drawn per column at most; a wider layer shows these and a "+N more" mark. */
export const MAX_DRAWN_UNITS = 10;

/** One column of units: the inputs, a hidden layer's units or the outputs. */
export interface DiagramColumn {
  units: number;
  x: number;
  /** Centre heights of the units drawn (at most MAX_DRAWN_UNITS), top to bottom. */
  ys: number[];
  /** Units not drawn, shown as "+N more"; 0 when every unit is drawn. */
  more: number;
}

/** One layer: the weights from column `layer - 1` to column `layer`, and its bias (the units of column `layer`). */
export interface DiagramLayer {
  /** 1-based, as the trainable-set notation ('2', '2k') and the set editor's checkboxes count. */
  layer: number;
  from: number;
  to: number;
  /** The area a click on the layer lands in: from past its input column's units to past its own. */
  hit: { x: number; y: number; width: number; height: number };
  /** Where the layer's label lines are centred: midway between its two columns. */
  labelX: number;
  /** One line per pair of drawn units. */
  edges: { x1: number; y1: number; x2: number; y2: number }[];
}

export interface NetworkLayout {
  /** The drawing's size in its own units (an SVG viewBox). */
  width: number;
  height: number;
  radius: number;
  columns: DiagramColumn[];
  layers: DiagramLayer[];
  /** Baseline of the column captions above the units. */
  captionY: number;
  /** Baseline of the "+N more" marks below the units. */
  moreY: number;
  /** Baseline of each layer's first label line, and the distance between lines. */
  labelY: number;
  lineHeight: number;
}

const COLUMN_GAP = 110;
const MARGIN_X = 44;
const UNIT_GAP = 17;
const RADIUS = 6;
const LINE_HEIGHT = 15;
/** Lines under each layer: name, sizes, activation, state, gradient norm. */
export const LABEL_LINES = 5;

/** The diagram of a network whose sizes are `sizes` (inputs first, then each layer's units). */
export function networkLayout(sizes: readonly number[], maxUnits = MAX_DRAWN_UNITS): NetworkLayout {
  if (sizes.length < 2) throw new RangeError(`a network needs inputs and at least one layer, not sizes [${sizes.join(', ')}]`);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new RangeError(`layer sizes must be whole numbers from 1, not [${sizes.join(', ')}]`);
  const drawnMost = Math.min(maxUnits, Math.max(...sizes));
  const captionY = 14;
  const unitsTop = captionY + 12 + RADIUS;
  const unitsHeight = (drawnMost - 1) * UNIT_GAP;
  const middle = unitsTop + unitsHeight / 2;
  const moreY = unitsTop + unitsHeight + RADIUS + 14;
  const labelY = moreY + LINE_HEIGHT + 4;
  const height = labelY + (LABEL_LINES - 1) * LINE_HEIGHT + 8;
  const columns: DiagramColumn[] = sizes.map((units, c) => {
    const drawn = Math.min(units, maxUnits);
    const top = middle - ((drawn - 1) * UNIT_GAP) / 2;
    return { units, x: MARGIN_X + c * COLUMN_GAP, ys: Array.from({ length: drawn }, (_, u) => top + u * UNIT_GAP), more: units - drawn };
  });
  const layers: DiagramLayer[] = columns.slice(1).map((column, l) => {
    const input = columns[l];
    const edges = input.ys.flatMap((y1) => column.ys.map((y2) => ({ x1: input.x + RADIUS, y1, x2: column.x - RADIUS, y2 })));
    const left = input.x + RADIUS + 2;
    const top = unitsTop - RADIUS - 4;
    return {
      layer: l + 1, from: input.units, to: column.units,
      hit: { x: left, y: top, width: column.x + RADIUS + 2 - left, height: height - 2 - top },
      labelX: (input.x + column.x) / 2,
      edges,
    };
  });
  return {
    width: 2 * MARGIN_X + (sizes.length - 1) * COLUMN_GAP, height, radius: RADIUS, columns, layers,
    captionY, moreY, labelY, lineHeight: LINE_HEIGHT,
  };
}
