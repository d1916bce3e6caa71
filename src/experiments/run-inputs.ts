// What each run of an experiment starts from: the rows of its (seed, fold), and in the
// fine-tuning scenario the pretrained network and the shifted (or target) data. Made once
// per (seed, fold) in each thread and shared by every set, so the sets differ only in what trains.
import { ExperimentRun, type ExperimentConfig, type PreparedData, type TransferConfig } from './experiment.js';
import { prepareRun, prepareSplit } from './folds.js';
import { applyShift, targetFraction } from './shifts.js';
import { parseTrainSets } from './train-sets.js';
import { standardize, type Standardizer } from '../data/standardize.js';
import type { Dataset } from '../data/csv.js';
import type { Backend } from '../backends/backend.js';
import type { ModelArtifacts } from '../io/artifacts.js';

/**
 * What every set's run of one (seed, fold) starts from, made once and shared: the same
 * rows, in the same order, standardised the same way, and in the fine-tuning scenario the
 * same pretrained network and the same shift.
 */
export class FoldData {
  private readonly cache = new Map<string, Promise<{ data: PreparedData; init?: ModelArtifacts }>>();
  private readonly pretrained = new Map<string, Promise<ModelArtifacts | undefined>>();
  private sourceScaling: Standardizer | undefined;

  constructor(private readonly data: Dataset, private readonly config: ExperimentConfig, private readonly backend: Backend) {}

  get(seed: number, fold: number): Promise<{ data: PreparedData; init?: ModelArtifacts }> {
    const key = `${seed}:${fold}`;
    let inputs = this.cache.get(key);
    if (!inputs) {
      inputs = this.prepare(seed, fold);
      this.cache.set(key, inputs);
    }
    return inputs;
  }

  private async prepare(seed: number, fold: number): Promise<{ data: PreparedData; init?: ModelArtifacts }> {
    const transfer = this.config.transfer;
    if (transfer?.target) return this.prepareTarget(transfer, transfer.target, seed, fold);
    const source = prepareRun(this.data, this.config.heldOut, seed, fold);
    if (!transfer) return { data: source, init: this.config.init };
    const init = transfer.pretrainEpochs ? await this.pretrain(source, seed, fold, transfer.pretrainEpochs) : this.config.init;
    return { data: this.fineTuningData(transfer, source, seed), init };
  }

  // Target data: pretrained once per seed on every source row; the target's folds are scaled
  // with the source's statistics, as the pretrained network expects its inputs.
  private async prepareTarget(transfer: TransferConfig, target: Dataset, seed: number, fold: number): Promise<{ data: PreparedData; init?: ModelArtifacts }> {
    const key = `source:${seed}`;
    let pretrained = this.pretrained.get(key);
    if (!pretrained) {
      pretrained = transfer.pretrainEpochs
        ? this.pretrain(prepareSplit(this.data, 0, seed), seed, 0, transfer.pretrainEpochs)
        : Promise.resolve(this.config.init);
      this.pretrained.set(key, pretrained);
    }
    // The source's statistics are the same for every seed and fold: fitted once.
    this.sourceScaling ??= standardize(this.data.x, this.data.features);
    const data = prepareRun(target, this.config.heldOut, seed, fold, this.sourceScaling);
    return { data: this.fineTuningData(transfer, data, seed), init: await pretrained };
  }

  private fineTuningData(transfer: TransferConfig, prepared: PreparedData, seed: number): PreparedData {
    let data = transfer.shift ? applyShift(prepared, transfer.shift, seed).data : prepared;
    if (transfer.targetFraction !== undefined && transfer.targetFraction < 1) data = targetFraction(data, transfer.targetFraction, seed);
    return data;
  }

  // Every layer trained on the fold's unshifted training rows: the network that fine-tuning starts from.
  private async pretrain(source: PreparedData, seed: number, fold: number, epochs: number): Promise<ModelArtifacts> {
    const [all] = parseTrainSets('all', this.config.hidden.length + 1);
    const run = new ExperimentRun(source, { ...this.config, epochs }, all, seed, this.backend, fold);
    await run.trainToEnd();
    const artifacts = run.model.toArtifacts();
    run.model.dispose();
    if (run.result.divergedAt !== undefined) {
      throw new RangeError(`pretraining seed ${seed}${fold > 0 ? ` fold ${fold}` : ''}: the loss became NaN or infinite at epoch ${run.result.divergedAt}; try a smaller --lr`);
    }
    return artifacts;
  }
}

/** The rows a thread warms up on: the first seed's first fold (the runs' own shapes, no pretraining). */
export function warmUpData(data: Dataset, config: ExperimentConfig): PreparedData {
  return prepareRun(data, config.heldOut, config.seeds[0], 1);
}
