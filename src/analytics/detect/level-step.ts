// Drift, found where the error gives itself away: a sensor whose reading walked away from the room
// is put right by a restart or a resync, and the series steps back by the whole error in one
// reading — something no room does between two readings half a minute apart. The test compares
// the mean of the `half` readings before a point with the mean of the `half` after it; past
// `threshold` the earlier half is reported as drifted. (A drift that never resets is not found by
// this test; see docs/detect.md.)

export interface StepOptions {
  /** Readings on each side (default 8). */
  half: number;
  /** Smallest step of the means that counts, in the field's unit. */
  threshold: number;
}

export interface StepVerdict {
  /** Positions of the drifted readings (the earlier half). */
  first: number;
  last: number;
  /** Mean after − mean before. */
  step: number;
}

export class LevelStepTest {
  private readonly values: Float64Array;
  private readonly positions: Int32Array;
  private head = 0;
  private count = 0;
  private quiet = 0;
  /** Running sums of the older and newer halves (re-summed on every report and reset). */
  private before = 0;
  private after = 0;

  constructor(private readonly o: StepOptions) {
    this.values = new Float64Array(2 * o.half);
    this.positions = new Int32Array(2 * o.half);
  }

  /** Forgets the window: after a gap or a clock step the two halves are not neighbours. */
  reset(): void {
    this.head = this.count = 0;
    this.before = this.after = 0;
  }

  push(position: number, x: number): StepVerdict | undefined {
    const half = this.o.half;
    const size = 2 * half;
    // The value leaving the newer half enters the older one; the oldest leaves the window.
    if (this.count === size) this.before -= this.values[this.head]!;
    if (this.count >= half) {
      // Ring positions wrap by a comparison, not an integer division per reading.
      const middle = this.head + half;
      const moving = this.values[middle >= size ? middle - size : middle]!;
      this.after -= moving;
      this.before += moving;
    }
    this.after += x;
    this.values[this.head] = x;
    this.positions[this.head] = position;
    this.head = this.head + 1 === size ? 0 : this.head + 1;
    if (this.count < size) this.count++;
    if (this.quiet > 0) this.quiet--;
    if (this.count < size || this.quiet > 0) return undefined;
    const step = (this.after - this.before) / half;
    if (Math.abs(step) < this.o.threshold) return undefined;
    this.quiet = size; // one report per step
    this.resum();
    return { first: this.positions[this.head]!, last: this.positions[(this.head + this.o.half - 1) % size]!, step };
  }

  /** Sums again from the values, so rounding of the running sums cannot build up. */
  private resum(): void {
    const half = this.o.half;
    const size = 2 * half;
    this.before = this.after = 0;
    for (let k = 0; k < half; k++) {
      this.before += this.values[(this.head + k) % size]!;
      this.after += this.values[(this.head + half + k) % size]!;
    }
  }
}
