// Stuck: a run of readings whose every field repeats the one before, far longer than the device's
// own history of repeats allows. At 0.1 resolution a healthy room repeats its temperature on about
// a quarter of steps, but temperature and humidity together far less often; the run needed is the
// length whose chance under the device's learned repeat rate p is below `alpha` (p^run < alpha).

export interface StuckOptions {
  /** Chance of a healthy run as long as the threshold (default 1e-9). */
  alpha: number;
  /** Shortest run ever reported (default 6 readings). */
  minRun: number;
  /** Prior of the repeat rate, as (rate, weight in steps): a new device starts from it. */
  priorRate: number;
  priorSteps: number;
}

export const DEFAULT_STUCK: StuckOptions = { alpha: 1e-9, minRun: 6, priorRate: 0.05, priorSteps: 200 };

/** A run the test calls stuck: positions of its first and last reading. */
export interface StuckRun {
  first: number;
  last: number;
  /** Position at which the run became long enough. */
  detectedIndex: number;
  /** Device time at which the run became long enough. */
  detectedAt: number;
  length: number;
  needed: number;
}

export class StuckTest {
  private repeats = 0;
  private steps = 0;
  private runStart = -1;
  private runLength = 0;
  private open = false;
  private detectedIndex = 0;
  private detectedAt = 0;
  private needed = 0;
  private prevIndex = -1;

  constructor(private readonly o: StuckOptions = DEFAULT_STUCK) {}

  /** True from the reading that made the current run too long until the run ends. */
  get inRun(): boolean {
    return this.open;
  }

  private cached = 0;
  private cachedAt = -1;

  /** Run length the device's history calls far too long (recomputed every 256 steps learned). */
  threshold(): number {
    if (this.cachedAt >= 0 && this.steps - this.cachedAt < 256) return this.cached;
    this.cachedAt = this.steps;
    const p = (this.repeats + this.o.priorRate * this.o.priorSteps) / (this.steps + this.o.priorSteps);
    this.cached = Math.max(this.o.minRun, Math.ceil(Math.log(this.o.alpha) / Math.log(Math.min(p, 0.9))));
    return this.cached;
  }

  /** Takes whether reading `index` repeats the previous one; returns a run that just ended stuck. */
  push(index: number, repeats: boolean, t: number): StuckRun | undefined {
    let ended: StuckRun | undefined;
    if (repeats && this.runLength > 0) {
      this.runLength++;
      if (!this.open && this.runLength >= this.threshold()) {
        this.open = true;
        this.detectedIndex = index;
        this.detectedAt = t;
        this.needed = this.threshold();
      }
    } else {
      ended = this.close();
      this.runStart = index;
      this.runLength = 1;
    }
    // Learn only from readings outside reported runs, so a stuck sensor cannot teach that it is fine.
    if (!this.open && this.prevIndex >= 0) {
      this.steps++;
      if (repeats) this.repeats++;
    }
    this.prevIndex = index;
    return ended;
  }

  /** Ends the current run (at the end of the input, or before a gap). */
  close(): StuckRun | undefined {
    const wasOpen = this.open;
    this.open = false;
    if (!wasOpen) return undefined;
    const run = {
      first: this.runStart,
      last: this.runStart + this.runLength - 1,
      detectedIndex: this.detectedIndex,
      detectedAt: this.detectedAt,
      length: this.runLength,
      needed: this.needed,
    };
    this.runLength = 0;
    return run;
  }
}
