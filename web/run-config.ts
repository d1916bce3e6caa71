// The experiment a page request describes, as the CLI's settings would make it: one
// function for the coordinator (which deals the runs) and the workers (which train them).
import type { ExperimentConfig } from '../src/experiments/experiment.js';
import { parseTrainSets } from '../src/experiments/train-sets.js';
import { heldOutDesign } from '../src/experiments/folds.js';
import { parseShift } from '../src/experiments/shifts.js';
import type { RunRequest } from './protocol.js';

export function configOf(request: Omit<RunRequest, 'type'>): ExperimentConfig {
  const shift = request.shift === undefined ? undefined : parseShift(request.shift);
  const transfer = request.pretrain !== undefined || shift !== undefined || request.targetFraction !== undefined;
  return {
    hidden: request.hidden, activation: request.activation, epochs: request.epochs, batchSize: request.batchSize,
    learningRate: request.learningRate, optimizer: request.optimizer, validationSplit: request.validationSplit,
    heldOut: heldOutDesign(request.folds, request.validationSplit),
    sets: parseTrainSets(request.train.join(','), request.hidden.length + 1),
    seeds: Array.from({ length: request.seeds }, (_, i) => request.seed + i),
    init: request.init?.artifacts,
    ...(transfer ? { transfer: { pretrainEpochs: request.pretrain, shift, targetFraction: request.targetFraction } } : {}),
  };
}
