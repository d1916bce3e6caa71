// The pace of a run in the worker: between two epochs it waits so that epochs come at the
// chosen rate, holds while paused, and lets exactly one epoch through per step. Every wait
// ends early on a message (pause, step, a new pace, stop), so the page's buttons act at once.

export class Pacer {
  stopped = false;
  private paused = false;
  private steps = 0;
  private wake: (() => void) | null = null;
  private lastEpochAt = -Infinity;

  /** `pace`: epochs per second, null for full speed. */
  constructor(private pace: number | null, startPaused: boolean) {
    if (startPaused) this.step();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  setPace(pace: number | null): void {
    this.pace = pace;
    this.poke();
  }

  pause(): void {
    this.paused = true;
    this.steps = 0;
    this.poke();
  }

  resume(): void {
    this.paused = false;
    this.steps = 0;
    this.poke();
  }

  /** Pauses after one more epoch. */
  step(): void {
    this.paused = true;
    this.steps++;
    this.poke();
  }

  stop(): void {
    this.stopped = true;
    this.poke();
  }

  /**
   * Resolves when the next epoch may start: at once at full speed, after the pace's interval
   * since the last epoch started, or, while paused, once a step or resume comes. `onHold`
   * is called once each time the wait holds for a pause.
   */
  async next(onHold: () => void): Promise<void> {
    let held = false;
    for (;;) {
      if (this.stopped) return;
      if (this.paused) {
        if (this.steps > 0) {
          this.steps--;
          break;
        }
        if (!held) onHold();
        held = true;
        await this.message();
        continue;
      }
      const wait = this.pace === null ? 0 : this.lastEpochAt + 1000 / this.pace - performance.now();
      if (wait <= 0) break;
      await Promise.race([this.message(), new Promise((resolve) => setTimeout(resolve, wait))]);
    }
    this.lastEpochAt = performance.now();
  }

  private message(): Promise<void> {
    return new Promise((resolve) => { this.wake = resolve; });
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
