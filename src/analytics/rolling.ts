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

  /** Two-pass recomputation over values[from, to), when enough removals have happened. */
  maybeResum(values: ArrayLike<number>, from: number, to: number): void {
    if (this.removals < RESUM_EVERY) return;
    this.removals = 0;
    let n = 0;
    let mean = 0;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (Number.isNaN(x)) continue;
      n++;
      mean += (x - mean) / n;
    }
    let m2 = 0;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (!Number.isNaN(x)) m2 += (x - mean) * (x - mean);
    }
    this.count = n;
    this.mean = mean;
    this.m2 = m2;
  }

  write(out: RollingSeries, i: number, ready: boolean): void {
    out.mean[i] = ready && this.count > 0 ? this.mean : Number.NaN;
    out.std[i] = ready && this.count > 1 ? Math.sqrt(Math.max(0, this.m2) / (this.count - 1)) : Number.NaN;
  }
}

/**
 * Mean and std of each value with the `window − 1` values before it (pandas `rolling(window)`).
 *
 * @example
 * rollingByCount([1, 2, 3, 4], 2).mean; // [NaN, 1.5, 2.5, 3.5]
 */
export function rollingByCount(values: ArrayLike<number>, window: number): RollingSeries {
  if (!Number.isInteger(window) || window < 1)
    throw new MimicError("ANALYZE_BAD_OPTION", `A rolling window must be a whole number of readings ≥ 1, got ${window}.`);
  const n = values.length;
  const out: RollingSeries = { mean: new Float64Array(n), std: new Float64Array(n) };
  const w = new Window();
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (!Number.isNaN(x)) w.add(x);
    if (i >= window) {
      const old = values[i - window]!;
      if (!Number.isNaN(old)) w.remove(old);
      w.maybeResum(values, i - window + 1, i + 1);
    }
    w.write(out, i, i >= window - 1);
  }
  return out;
}

/**
 * Mean and std over the readings in (t − seconds, t] for each reading at time t (ascending times;
 * pandas `rolling("<seconds>s")`).
 */
export function rollingByTime(times: ArrayLike<number>, values: ArrayLike<number>, seconds: number): RollingSeries {
  if (!(seconds > 0 && Number.isFinite(seconds)))
    throw new MimicError("ANALYZE_BAD_OPTION", `A rolling time window must be a positive number of seconds, got ${seconds}.`);
  const n = values.length;
  const out: RollingSeries = { mean: new Float64Array(n), std: new Float64Array(n) };
  const w = new Window();
  let start = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (!Number.isNaN(x)) w.add(x);
    const t = times[i]!;
    let removed = false;
    while (start < i && times[start]! <= t - seconds) {
      const old = values[start]!;
      if (!Number.isNaN(old)) w.remove(old);
      start++;
      removed = true;
    }
    if (removed) w.maybeResum(values, start, i + 1);
    w.write(out, i, true);
  }
  return out;
}
