// The words that head an experiment's outputs (terminal, report), made from its results
// alone, so that a merged set of shards describes itself exactly as one run would.
import type { ExperimentResults } from './results.js';
import { describeHeldOut, type HeldOutDesign } from './folds.js';
import { plural } from '../units.js';
import { comparePaired, type HeldOutDesign as PairedDesign } from './paired.js';
import { verdictOf, type Verdict } from './verdict.js';
import { setHistoryName } from './train-sets.js';

/** The dataset line and the settings lines of an experiment. */
export function describeExperiment(results: Omit<ExperimentResults, 'runs'>): { dataset: string; settings: string[] } {
  const { dataset: d, layers, config } = results;
  const output = layers[layers.length - 1] === 1 ? 'sigmoid output, binary cross-entropy' : 'softmax output, cross-entropy';
  const activations = config.hiddenActivations.length > 0 ? `${[...new Set(config.hiddenActivations)].join(', ')} hidden, ` : '';
  const seeds = config.seeds;
  return {
    dataset: `${d.name}: ${plural(d.samples, 'sample')}, ${plural(d.features, 'feature')}, ${plural(d.classes, 'class', 'classes')} (${d.classNames.join(', ')})`,
    settings: [
      `network ${layers.join('-')} (${activations}${output})${config.init ? `, from ${config.init}` : ''}`,
      `${config.optimizer} lr ${config.learningRate}, batch ${config.batchSize}, ${plural(config.epochs, 'epoch')}`,
      describeHeldOut(designOf(config), d.samples),
      ...(config.pretrain !== null || config.shift !== null || config.targetFraction !== null || config.source !== null ? [describeTransfer(config)] : []),
      `seed${seeds.length > 1 ? `s ${seeds[0]}..${seeds[seeds.length - 1]}` : ` ${seeds[0]}`}; backend ${results.backend}`,
    ],
  };
}

/** The held-out design the results' settings record. */
export function designOf(config: ExperimentResults['config']): HeldOutDesign {
  if (config.heldOut === 'folds') return { kind: 'folds', folds: config.folds as number };
  if (config.heldOut === 'split') return { kind: 'split', fraction: config.validationSplit };
  return { kind: 'none' };
}

// The fine-tuning scenario in words: what the sets start from and what changed in the data.
function describeTransfer(config: ExperimentResults['config']): string {
  const rows = config.source !== null ? `every row of ${config.source} (the source; these results are on the target data, scaled as the source was)` : 'each fold\'s unshifted training rows';
  const start = config.pretrain !== null
    ? `pretrained: every layer trained for ${plural(config.pretrain, 'epoch')} on ${rows}${config.init ? `, from ${config.init}` : ''}`
    : `started from ${config.init}${config.source !== null ? `; fine-tuned on the target data, scaled as ${config.source} was` : ''}`;
  const shift = config.shift === null ? 'no shift'
    : config.shift === 'input' ? 'then the features shifted (input: a seeded invertible affine map, which layer 1 alone can undo)'
      : config.shift === 'label' ? 'then the classes permuted (label: a seeded permutation, which the last layer alone can undo)'
        : `then Gaussian noise added to the features (${config.shift})`;
  const fraction = config.targetFraction !== null && config.targetFraction < 1 ? `; fine-tuned on ${config.targetFraction} of the training rows` : '';
  return `fine-tuning: ${start}; ${shift}${fraction}`;
}

/** The paired design the verdict needs: the kind, the folds, and a typical run's training and held-out rows. */
export function pairedDesignOf(results: Omit<ExperimentResults, 'runs'>): PairedDesign {
  const design = designOf(results.config);
  const rows = results.dataset.samples;
  // The few-shot case trains on a fraction of the training rows; the correction uses what was trained on.
  const fraction = results.config.targetFraction ?? 1;
  if (design.kind === 'folds') {
    return { kind: 'folds', folds: design.folds, trainRows: Math.max(1, Math.round((rows * (design.folds - 1) / design.folds) * fraction)), heldOutRows: Math.round(rows / design.folds) };
  }
  if (design.kind === 'split') {
    const train = Math.floor(rows * (1 - design.fraction));
    return { kind: 'split', folds: 1, trainRows: Math.max(1, Math.round(train * fraction)), heldOutRows: rows - train };
  }
  return { kind: 'none', folds: 1, trainRows: rows, heldOutRows: 0 };
}

/** The verdict of an experiment's results (null with a single trainable set: nothing to compare). */
export function experimentVerdict(results: ExperimentResults): Verdict | null {
  if (new Set(results.runs.map(setHistoryName)).size < 2) return null;
  return verdictOf(comparePaired(results.runs, pairedDesignOf(results)));
}
