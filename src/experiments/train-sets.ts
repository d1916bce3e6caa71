// Trainable sets: which layers (or which parts of them) an experiment's run trains.
// Written as `all`, `none`, `every` (all 2^L subsets of layers), or items joined by `+`:
// a 1-based layer number (`2`), its kernel or bias alone (`2k`, `2b`), or `bias` (every bias).

import { EXPERIMENT_LIMITS } from './limits.js';

/** Per layer: whether its kernel and its bias train. */
export interface TrainSet { name: string; parts: { kernel: boolean; bias: boolean }[] }

/**
 * A change of a run's trainable set mid-run (the page's checkboxes): from the 1-based
 * `epoch` on, the run trains `to` (`trainableParams` parameters) instead of `from`
 * (`paramsBefore` parameters).
 */
export interface SetChange { epoch: number; from: string; to: string; paramsBefore: number; trainableParams: number }

/**
 * The name a run's set is grouped and described by: its notation, or for a set changed
 * mid-run its history, such as 'all>43:1' (all layers, then layer 1 from epoch 43), so
 * that two sets ending alike but trained differently stay apart in tables and verdicts.
 */
export function setHistoryName(run: { train: string; changes?: readonly SetChange[] }): string {
  if (!run.changes || run.changes.length === 0) return run.train;
  return [run.changes[0].from, ...run.changes.map((change) => `${change.epoch}:${change.to}`)].join('>');
}

/**
 * Words for a set's name, for legends: '1' is 'layer 1 only', '2+3' is 'layers 2+3 only';
 * a history ('all>43:1') is named as it ended, with what it trained before.
 */
export function describeSet(name: string): string {
  if (name.includes('>')) return describeHistory(name);
  if (name === 'all') return 'all layers';
  if (name === 'none') return 'nothing trains';
  if (name === 'bias') return 'biases only';
  const items = name.split('+');
  const words = items.map((item) => item.replace(/^(\d+)k$/, 'kernel $1').replace(/^(\d+)b$/, 'bias $1'));
  const plain = items.every((item) => /^\d+$/.test(item));
  return plain ? `layer${items.length > 1 ? 's' : ''} ${name} only` : `${words.join(' + ')} only`;
}

// 'all>43:1>60:2' is "layer 2 only from epoch 60 (all layers for epochs 1-42, layer 1 only for 43-59)".
function describeHistory(name: string): string {
  const [first, ...changes] = name.split('>');
  const steps = [{ epoch: 1, set: first }, ...changes.map((change) => {
    const colon = change.indexOf(':');
    return { epoch: Number(change.slice(0, colon)), set: change.slice(colon + 1) };
  })];
  const last = steps[steps.length - 1];
  const before = steps.slice(0, -1).map((step, i) => {
    const end = steps[i + 1].epoch - 1;
    const span = end === step.epoch ? `epoch ${end}` : `epochs ${step.epoch}-${end}`;
    return `${describeSet(step.set)} for ${span}`;
  });
  return `${describeSet(last.set)} from epoch ${last.epoch} (${before.join(', ')})`;
}

/** Parses a comma-separated list of trainable sets for a network of `layers` layers. */
export function parseTrainSets(text: string, layers: number): TrainSet[] {
  const sets: TrainSet[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') throw new RangeError(`--train: an empty set in '${text}'`);
    if (name === 'every') sets.push(...everySubset(layers));
    else sets.push(parseSet(name, layers));
  }
  const seen = new Set<string>();
  return sets.filter((set) => {
    const key = set.parts.map((p) => `${+p.kernel}${+p.bias}`).join('');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Checks one set's notation without knowing the network ('all', '2+3k', 'bias', 'every'...);
 * parseTrainSets checks its layers against a network. Throws a RangeError saying what it expects.
 */
export function checkSetNotation(name: string): void {
  const lower = name.trim().toLowerCase();
  if (lower === 'all' || lower === 'none' || lower === 'every') return;
  const items = lower.split('+');
  for (const item of items) {
    if (!/^(?:bias|\d+[kb]?)$/.test(item)) throw new RangeError(`'${item}' in '${name}' is not a layer number, Nk or Nb, 'bias', 'all', 'none' or 'every'`);
  }
  checkRepeats(items, name.trim());
}

/**
 * Refuses a set that names a part twice ('1+1', '1+1k', 'bias+2b'): such a set is a typo
 * more often than a choice, and read as its union it would pass silently. Items are
 * already known to be 'bias', N, Nk or Nb.
 */
function checkRepeats(items: string[], name: string): void {
  // The parameters an item trains: kernel N 'kN', bias N 'bN', every bias 'b*'.
  const partsOf = (item: string): string[] => {
    if (item === 'bias') return ['b*'];
    const [, layer, kind] = /^(\d+)([kb]?)$/.exec(item) as RegExpExecArray;
    const n = Number(layer);
    return kind === 'k' ? [`k${n}`] : kind === 'b' ? [`b${n}`] : [`k${n}`, `b${n}`];
  };
  const covers = (part: string, other: string): boolean => partsOf(other).includes(part) || (part.startsWith('b') && other === 'bias');
  items.forEach((item, i) => {
    if (items.indexOf(item) !== i) throw new RangeError(`'${item}' appears twice in '${name}'; name each layer, kernel or bias once`);
  });
  items.forEach((item, i) => {
    const others = items.filter((_, j) => j !== i);
    const coverers = others.filter((other) => partsOf(item).some((part) => covers(part, other)));
    if (partsOf(item).every((part) => others.some((other) => covers(part, other)))) {
      throw new RangeError(`'${item}' in '${name}' adds nothing to ${coverers.map((c) => `'${c}'`).join(' and ')}; name each layer, kernel or bias once`);
    }
  });
}

/** A set's notation from its parts: 'all', 'none', or items such as '1+3' or '1k+2'. */
export function formatTrainSet(parts: { kernel: boolean; bias: boolean }[]): string {
  if (parts.every((p) => p.kernel && p.bias)) return 'all';
  if (parts.every((p) => !p.kernel && !p.bias)) return 'none';
  return parts
    .map((p, l) => (p.kernel && p.bias ? `${l + 1}` : p.kernel ? `${l + 1}k` : p.bias ? `${l + 1}b` : ''))
    .filter((item) => item !== '')
    .join('+');
}

/** The parameters a set trains in a network with the given layer sizes (inputs first). */
export function trainableParams(set: TrainSet, sizes: number[]): number {
  return set.parts.reduce((sum, part, l) => sum + (part.kernel ? sizes[l] * sizes[l + 1] : 0) + (part.bias ? sizes[l + 1] : 0), 0);
}

function parseSet(name: string, layers: number): TrainSet {
  const parts = Array.from({ length: layers }, () => ({ kernel: false, bias: false }));
  if (name === 'all') return { name, parts: parts.map(() => ({ kernel: true, bias: true })) };
  if (name === 'none') return { name, parts };
  const items = name.split('+');
  for (const item of items) {
    if (item === 'bias') {
      parts.forEach((part) => { part.bias = true; });
      continue;
    }
    const match = /^(\d+)([kb]?)$/.exec(item);
    if (!match) {
      throw new RangeError(`--train: '${item}' in '${name}' is not a layer number (1-${layers}), Nk or Nb, 'bias', 'all', 'none' or 'every'`);
    }
    const layer = Number(match[1]);
    if (layer < 1 || layer > layers) throw new RangeError(`--train: layer ${layer} in '${name}' is out of range: the network has layers 1 to ${layers}`);
    if (match[2] !== 'b') parts[layer - 1].kernel = true;
    if (match[2] !== 'k') parts[layer - 1].bias = true;
  }
  try {
    checkRepeats(items, name);
  } catch (error) {
    throw new RangeError(`--train: ${(error as Error).message}`);
  }
  return { name, parts };
}

// Subsets by size, then in numeric order: none, 1, 2, 3, 1+2, 1+3, 2+3, all.
// Refused above EXPERIMENT_LIMITS.maxEverySubsets before any subset is made.
function everySubset(layers: number): TrainSet[] {
  if (2 ** layers > EXPERIMENT_LIMITS.maxEverySubsets) {
    throw new RangeError(
      `--train every: a network of ${layers} layers has 2^${layers} = ${(2 ** layers).toLocaleString('en-US')} subsets, more than the ${EXPERIMENT_LIMITS.maxEverySubsets} 'every' expands to (networks of up to ${Math.log2(EXPERIMENT_LIMITS.maxEverySubsets)} layers); name the sets instead, such as 1,2,1+2`,
    );
  }
  const masks = Array.from({ length: 2 ** layers }, (_, m) => m);
  const bits = (m: number): number => m.toString(2).replace(/0/g, '').length;
  masks.sort((a, b) => bits(a) - bits(b) || reversedOrder(a, layers) - reversedOrder(b, layers));
  return masks.map((mask) => {
    const members = Array.from({ length: layers }, (_, l) => l).filter((l) => mask & (1 << l));
    const name = members.length === 0 ? 'none' : members.length === layers ? 'all' : members.map((l) => l + 1).join('+');
    return { name, parts: Array.from({ length: layers }, (_, l) => ({ kernel: members.includes(l), bias: members.includes(l) })) };
  });
}

// Orders subsets of equal size lexicographically by their layer numbers.
function reversedOrder(mask: number, layers: number): number {
  let key = 0;
  for (let l = 0; l < layers; l++) key = key * 2 + ((mask >> l) & 1);
  return -key;
}
