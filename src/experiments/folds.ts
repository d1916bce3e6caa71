// Held-out evidence: every run is trained on some rows and judged on others. By default
// stratified k-fold cross-validation (each class dealt evenly over the folds after one
// seeded shuffle per seed), or one seeded held-out split per seed, or none (train on
// every row, training curves only: the founding experiment as first written).
// Standardisation uses each fold's training rows only, so no held-out statistic leaks in.
import type { Dataset } from '../data/csv.js';
import { standardize, type Standardizer } from '../data/standardize.js';
import { randomStream } from '../random.js';
import { plural } from '../units.js';
import type { PreparedData } from './experiment.js';

/** How an experiment holds rows out. */
export type HeldOutDesign =
  | { kind: 'folds'; folds: number }
  | { kind: 'split'; fraction: number }
  | { kind: 'none' };

/** The design the settings ask for: a validation split above 0 replaces the folds; folds 'none' trains on every row. */
export function heldOutDesign(folds: number | 'none', validationSplit: number): HeldOutDesign {
  if (validationSplit > 0) return { kind: 'split', fraction: validationSplit };
  if (folds === 'none') return { kind: 'none' };
  return { kind: 'folds', folds };
}

/** Runs per (set, seed): the folds, or one. */
export function foldCount(design: HeldOutDesign): number {
  return design.kind === 'folds' ? design.folds : 1;
}

/** A line for people: how rows were held out. */
export function describeHeldOut(design: HeldOutDesign, rows: number): string {
  if (design.kind === 'none') return `no held-out rows: trained and measured on all ${plural(rows, 'sample')} (training curves only)`;
  if (design.kind === 'split') {
    const held = rows - Math.floor(rows * (1 - design.fraction));
    return `held out: ${plural(held, 'sample')} (${design.fraction} of the ${rows} rows, drawn anew for each seed); ${rows - held} to train on`;
  }
  return `held out: ${design.folds}-fold stratified cross-validation (each run trains on ${design.folds - 1} folds, about ${Math.round(rows * (design.folds - 1) / design.folds)} samples, and is judged on the other, about ${Math.round(rows / design.folds)}), folds drawn anew for each seed`;
}

/**
 * Each row's fold (0..folds-1) for one seed: each class's rows in a seeded random order,
 * dealt round-robin, continuing from class to class, so folds differ in size by at most one
 * and each class is spread as evenly as it can be.
 */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`--folds must be a whole number of at least 2 (or 'none'), got ${folds}`);
  if (labels.length < folds) throw new RangeError(`--folds ${folds} needs at least ${folds} samples; the data have ${labels.length}`);
  const random = randomStream(seed, 'folds');
  const byClass = new Map<number, number[]>();
  for (let r = 0; r < labels.length; r++) byClass.set(labels[r], [...(byClass.get(labels[r]) ?? []), r]);
  const assignment = new Int32Array(labels.length);
  let deal = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(label) as number[];
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    for (const row of rows) assignment[row] = deal++ % folds;
  }
  return assignment;
}

/**
 * The rows one run trains and is judged on, standardised with its training rows' statistics.
 * `fold` is 1-based; a split or no held-out rows has the one fold 1.
 */
export function prepareRun(data: Dataset, design: HeldOutDesign, seed: number, fold: number, scaling?: Standardizer): PreparedData {
  if (design.kind !== 'folds') return prepareSplit(data, design.kind === 'split' ? design.fraction : 0, seed, scaling);
  const assignment = stratifiedFolds(data.y, design.folds, seed);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (let r = 0; r < data.rows; r++) (assignment[r] === fold - 1 ? heldOut : train).push(r);
  return assemble(data, train, heldOut, scaling);
}

/**
 * Holds out the last `validationSplit` of the rows (after one seeded shuffle, since
 * files are often sorted by class) and standardises with the training rows' statistics.
 */
export function prepareSplit(data: Dataset, validationSplit: number, seed: number, scaling?: Standardizer): PreparedData {
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new RangeError(`--validation-split must be in [0, 1), got ${validationSplit}`);
  const order = Array.from({ length: data.rows }, (_, i) => i);
  if (validationSplit > 0) {
    const random = randomStream(seed, 'split');
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  const trainRows = validationSplit > 0 ? Math.floor(data.rows * (1 - validationSplit)) : data.rows;
  const validationRows = data.rows - trainRows;
  if (trainRows === 0 || (validationSplit > 0 && validationRows === 0)) {
    throw new RangeError(`--validation-split ${validationSplit} of ${data.rows} samples leaves ${trainRows} to train on and ${validationRows} to validate on`);
  }
  return assemble(data, order.slice(0, trainRows), order.slice(trainRows), scaling);
}

// Copies the chosen rows out, training rows first, and standardises all with the training
// rows' statistics, or with given ones (a target dataset is scaled as its source was).
function assemble(data: Dataset, train: readonly number[], heldOut: readonly number[], scaling?: Standardizer): PreparedData {
  const f = data.features;
  const order = [...train, ...heldOut];
  const x = new Float64Array(order.length * f);
  const y = new Float32Array(order.length);
  order.forEach((source, r) => {
    x.set(data.x.subarray(source * f, (source + 1) * f), r * f);
    y[r] = data.y[source];
  });
  const scaled = (scaling ?? standardize(x, f, train.length)).apply(x);
  return {
    name: data.name, samples: data.rows, features: f, classNames: data.classNames, trainRows: train.length, validationRows: heldOut.length,
    trainX: scaled.slice(0, train.length * f), trainY: y.slice(0, train.length),
    validationX: scaled.slice(train.length * f), validationY: y.slice(train.length),
  };
}
