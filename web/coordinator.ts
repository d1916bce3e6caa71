// The page's side of training: deals the grid's runs out to several workers (up to the
// browser's hardwareConcurrency), then steps them together, one epoch at a time at the
// chosen pace, so that pause, step and a change of set act at the same epoch in every
// worker. Each run depends only on its set, seed and fold, so the bits are those of one
// worker (and of the CLI).
import { experimentJobs } from '../src/experiments/experiment.js';
import { parseTrainSets, trainableParams } from '../src/experiments/train-sets.js';
import { parameterCount } from '../src/experiments/results.js';
import { Pacer } from './pacer.js';
import { configOf } from './run-config.js';
import type { EpochUpdate, FromWorker, RunRequest, ToPage, ToWorker } from './protocol.js';
import type { RunResult } from '../src/experiments/experiment.js';
import type { ModelArtifacts } from '../src/io/artifacts.js';

/** Workers at most: past a handful, the lockstep's per-epoch round trips cost more than they save. */
const MAX_WORKERS = 8;

export class Coordinator {
  private readonly workers: Worker[] = [];
  private pacer: Pacer | null = null;
  private toggles: { setIndex: number; train: string }[] = [];
  /** Per worker, what it is awaited for: the next message of that type resolves it. */
  private readonly waiting = new Map<number, { type: FromWorker['type']; resolve: (message: FromWorker) => void }>();
  private failed: ((error: Error) => void) | null = null;

  constructor(private readonly emit: (message: ToPage) => void) {}

  /** How many workers a run of `runs` runs gets when the page does not say. */
  static defaultWorkers(runs: number): number {
    return Math.max(1, Math.min(runs, navigator.hardwareConcurrency || 1, MAX_WORKERS));
  }

  toggle(setIndex: number, train: string): void { this.toggles.push({ setIndex, train }); }
  pause(): void { this.pacer?.pause(); }
  resume(): void { this.pacer?.resume(); }
  step(): void { this.pacer?.step(); }
  stop(): void { this.pacer?.stop(); }
  setPace(pace: number | null): void { this.pacer?.setPace(pace); }

  /** Trains the request's grid to its end (or a stop), reporting each step to the page. */
  async run(request: RunRequest): Promise<void> {
    try {
      await this.train(request);
    } catch (error) {
      // A worker that failed may be mid-epoch: start afresh next time.
      for (const worker of this.workers.splice(0)) worker.terminate();
      this.waiting.clear();
      this.emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.pacer = null;
    }
  }

  /** The race, in one worker. */
  race(request: RunRequest, rounds: number): void {
    const worker = this.worker(0);
    const { type: _, ...rest } = request;
    void _;
    worker.postMessage({ ...rest, type: 'race', rounds } satisfies ToWorker);
  }

  private async train(request: RunRequest): Promise<void> {
    const config = configOf(request);
    const jobs = experimentJobs(config);
    const count = Math.min(jobs.length, request.workers ?? Coordinator.defaultWorkers(jobs.length));
    // Interleaved, so that every worker holds runs of every set and the work is even.
    const dealt = Array.from({ length: count }, (_, w) => jobs.map((_, i) => i).filter((i) => i % count === w));
    this.pacer = new Pacer(request.pace, request.startPaused);
    this.toggles = [];
    const readies = await this.all(dealt.map((runs, w) => ({ worker: w, message: { type: 'prepare', request, runs } })), 'ready');
    const ready = readies[0] as Extract<FromWorker, { type: 'ready' }>;
    const sizes = ready.sizes;
    const sets = config.sets.map((set) => ({ name: set.name, trainableParams: trainableParams(set, sizes) }));
    this.emit({
      type: 'started', backend: ready.backend, sizes, totalParams: parameterCount(sizes), trainRows: ready.trainRows, heldOutRows: ready.heldOutRows,
      sets, seeds: config.seeds, runs: jobs, workers: count, shell: ready.shell,
    });
    const pacer = this.pacer;
    let trainingMs = 0;
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      await pacer.next(() => this.emit({ type: 'paused', epoch }));
      if (pacer.stopped) break;
      const toggles = this.toggles.splice(0);
      const replies = await this.all(dealt.map((_, w) => ({ worker: w, message: { type: 'epoch', epoch, toggles } })), 'epoch');
      for (const toggle of toggles) {
        const [set] = parseTrainSets(toggle.train, sizes.length - 1);
        this.emit({ type: 'toggled', setIndex: toggle.setIndex, epoch, train: set.name, trainableParams: trainableParams(set, sizes) });
      }
      const updates: EpochUpdate[] = replies.flatMap((reply) => (reply as Extract<FromWorker, { type: 'epoch' }>).runs).sort((a, b) => a.run - b.run);
      trainingMs = replies.reduce((sum, reply) => sum + (reply as Extract<FromWorker, { type: 'epoch' }>).trainingMs, 0);
      this.emit({ type: 'epoch', epoch, runs: updates, trainingMs });
      if (updates.length === 0) break;
    }
    const finished = await this.all(dealt.map((_, w) => ({ worker: w, message: { type: 'finish', stopped: pacer.stopped } })), 'finished');
    // Back in the grid's order: sets, then seeds, then folds, as the CLI writes them.
    const runs: RunResult[] = new Array(jobs.length);
    const models: ModelArtifacts[] = new Array(jobs.length);
    finished.forEach((reply, w) => {
      const { runs: done, models: built } = reply as Extract<FromWorker, { type: 'finished' }>;
      dealt[w].forEach((index, i) => { runs[index] = done[i]; models[index] = built[i]; });
    });
    const warmupMs = Math.max(...readies.map((reply) => (reply as Extract<FromWorker, { type: 'ready' }>).warmupMs));
    this.emit({ type: 'done', results: { ...ready.shell, runs, warmupMs }, trainingMs, stopped: pacer.stopped, models });
  }

  // Sends each worker its message and resolves with their answers of `type`, in worker order.
  private all(sends: { worker: number; message: ToWorker }[], type: FromWorker['type']): Promise<FromWorker[]> {
    return new Promise((resolve, reject) => {
      const answers: FromWorker[] = new Array(sends.length);
      let left = sends.length;
      this.failed = reject;
      for (const { worker, message } of sends) {
        this.waiting.set(worker, {
          type,
          resolve: (answer) => {
            answers[worker] = answer;
            if (--left === 0) resolve(answers);
          },
        });
        this.worker(worker).postMessage(message);
      }
    });
  }

  private worker(index: number): Worker {
    while (this.workers.length <= index) {
      const w = this.workers.length;
      const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(w, event.data);
      worker.onerror = (event) => this.failed?.(new Error(event.message || 'a training worker failed to start'));
      this.workers.push(worker);
    }
    return this.workers[index];
  }

  private receive(worker: number, message: FromWorker): void {
    if (message.type === 'error') {
      if (this.waiting.size > 0 && this.failed) this.failed(new Error(message.message));
      else this.emit(message);
      return;
    }
    // Progress (preparing, the race's rounds) goes straight to the page; answers to whoever waits.
    if (message.type === 'preparing') {
      if (worker === 0) this.emit(message);
      return;
    }
    if (message.type === 'race-progress' || message.type === 'race') {
      this.emit(message);
      return;
    }
    const waiting = this.waiting.get(worker);
    if (waiting?.type === message.type) {
      this.waiting.delete(worker);
      waiting.resolve(message);
    }
  }
}
