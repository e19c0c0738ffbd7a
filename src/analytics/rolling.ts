// Rolling mean and standard deviation over a window of the last `n` readings or of the last
// `seconds` of time, with pandas' conventions: a count window yields NaN until it is full
// (`rolling(n)`), a time window covers (t − w, t] and needs one value (`rolling("20s")`); std is
// the sample std (NaN for one value). Values enter and leave with Welford's update and its
// inverse; the window is re-summed from scratch every so often so rounding cannot build up.
import { MimicError } from "../errors/index.js";

export interface RollingSeries {
  mean: Float64Array;
  std: Float64Array;
}

/** Re-sum the window after this many removals (bounds the drift of the inverse update). */
const RESUM_EVERY = 1024;

class Window {
  count = 0;
  mean = 0;
  m2 = 0;
  private removals = 0;

  add(x: number): void {
    this.count++;
    const d = x - this.mean;
    this.mean += d / this.count;
    this.m2 += d * (x - this.mean);
  }

  remove(x: number): void {
    if (this.count <= 1) {
      this.count = 0;
      this.mean = 0;
      this.m2 = 0;
      return;
    }
    const before = this.mean;
    this.count--;
    this.mean = before - (x - before) / this.count;
    this.m2 -= (x - before) * (x - this.mean);
    this.removals++;
  }

  /** Two-pass recomputation over the window's values, when enough removals have happened. */
  maybeResum(values: Float64Array, head: number, size: number): void {
    if (this.removals < RESUM_EVERY) return;
    this.removals = 0;
    const cap = values.length;
    let n = 0;
    let mean = 0;
    for (let k = 0; k < size; k++) {
      const x = values[(head + k) % cap]!;
      if (Number.isNaN(x)) continue;
      n++;
      mean += (x - mean) / n;
    }
    let m2 = 0;
    for (let k = 0; k < size; k++) {
      const x = values[(head + k) % cap]!;
      if (!Number.isNaN(x)) m2 += (x - mean) * (x - mean);
    }
    this.count = n;
    this.mean = mean;
    this.m2 = m2;
  }

  currentMean(ready: boolean): number {
    return ready && this.count > 0 ? this.mean : Number.NaN;
  }

  currentStd(ready: boolean): number {
    return ready && this.count > 1 ? Math.sqrt(Math.max(0, this.m2) / (this.count - 1)) : Number.NaN;
  }
}

/** A rolling window fed one reading at a time (ascending times); `mean` and `std` are its values after each push. */
export interface RollingWindow {
  push(t: number, x: number): void;
  readonly mean: number;
  readonly std: number;
}

/** pandas `rolling(window)`: the value and the `window − 1` before it, NaN until full. Holds `window` values. */
export class CountWindow implements RollingWindow {
  private readonly ring: Float64Array;
  private seen = 0;
  private readonly w = new Window();
  mean = Number.NaN;
  std = Number.NaN;

  constructor(private readonly window: number) {
    if (!Number.isInteger(window) || window < 1)
      throw new MimicError("ANALYZE_BAD_OPTION", `A rolling window must be a whole number of readings ≥ 1, got ${window}.`);
    this.ring = new Float64Array(window);
  }

  push(_t: number, x: number): void {
    const slot = this.seen % this.window;
    if (this.seen >= this.window) {
      const old = this.ring[slot]!;
      if (!Number.isNaN(old)) this.w.remove(old);
    }
    this.ring[slot] = x;
    if (!Number.isNaN(x)) this.w.add(x);
    this.seen++;
    if (this.seen > this.window) this.w.maybeResum(this.ring, this.seen % this.window, this.window);
    const ready = this.seen >= this.window;
    this.mean = this.w.currentMean(ready);
    this.std = this.w.currentStd(ready);
  }
}

/** pandas `rolling("<seconds>s")`: the readings in (t − seconds, t]. Holds the window's readings (a growing ring). */
export class TimeWindow implements RollingWindow {
  private times = new Float64Array(64);
  private values = new Float64Array(64);
  private head = 0;
  private size = 0;
  private readonly w = new Window();
  mean = Number.NaN;
  std = Number.NaN;

  constructor(private readonly seconds: number) {
    if (!(seconds > 0 && Number.isFinite(seconds)))
      throw new MimicError("ANALYZE_BAD_OPTION", `A rolling time window must be a positive number of seconds, got ${seconds}.`);
  }

  push(t: number, x: number): void {
    if (this.size === this.times.length) this.grow();
    const cap = this.times.length;
    const at = (this.head + this.size) % cap;
    this.times[at] = t;
    this.values[at] = x;
    this.size++;
    if (!Number.isNaN(x)) this.w.add(x);
    let removed = false;
    while (this.size > 1 && this.times[this.head]! <= t - this.seconds) {
      const old = this.values[this.head]!;
      if (!Number.isNaN(old)) this.w.remove(old);
      this.head = (this.head + 1) % cap;
      this.size--;
      removed = true;
    }
    if (removed) this.w.maybeResum(this.values, this.head, this.size);
    this.mean = this.w.currentMean(true);
    this.std = this.w.currentStd(true);
  }

  private grow(): void {
    const cap = this.times.length;
    const times = new Float64Array(cap * 2);
    const values = new Float64Array(cap * 2);
    for (let k = 0; k < this.size; k++) {
      times[k] = this.times[(this.head + k) % cap]!;
      values[k] = this.values[(this.head + k) % cap]!;
    }
    this.times = times;
    this.values = values;
    this.head = 0;
  }
}

function run(times: ArrayLike<number> | undefined, values: ArrayLike<number>, w: RollingWindow): RollingSeries {
  const n = values.length;
  const out: RollingSeries = { mean: new Float64Array(n), std: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    w.push(times ? times[i]! : i, values[i]!);
    out.mean[i] = w.mean;
    out.std[i] = w.std;
  }
  return out;
}

/**
 * Mean and std of each value with the `window − 1` values before it (pandas `rolling(window)`).
 *
 * @example
 * rollingByCount([1, 2, 3, 4], 2).mean; // [NaN, 1.5, 2.5, 3.5]
 */
export function rollingByCount(values: ArrayLike<number>, window: number): RollingSeries {
  return run(undefined, values, new CountWindow(window));
}

/**
 * Mean and std over the readings in (t − seconds, t] for each reading at time t (ascending times;
 * pandas `rolling("<seconds>s")`).
 */
export function rollingByTime(times: ArrayLike<number>, values: ArrayLike<number>, seconds: number): RollingSeries {
  return run(times, values, new TimeWindow(seconds));
}
