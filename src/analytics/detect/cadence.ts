// A device's own cadence, learned from the intervals between its readings: the median of the last
// 128 healthy intervals, recomputed every 32 while it is being learned and every 512 after (a
// cadence changes slowly; sorting 128 numbers per reading would cost more than every test).

const SIZE = 128;
const REFRESH_LEARNING = 32;
const REFRESH = 512;

export class Cadence {
  private readonly ring = new Float64Array(SIZE);
  private readonly scratch = new Float64Array(SIZE);
  private head = 0;
  private count = 0;
  private sinceRefresh = 0;
  /** Median interval, seconds (NaN until `minIntervals` were seen). */
  median = Number.NaN;

  constructor(private readonly minIntervals = 16) {}

  get known(): boolean {
    return !Number.isNaN(this.median);
  }

  learn(interval: number): void {
    this.ring[this.head] = interval;
    this.head = (this.head + 1) % SIZE;
    if (this.count < SIZE) this.count++;
    if (++this.sinceRefresh >= (this.count < SIZE ? REFRESH_LEARNING : REFRESH) || (!this.known && this.count >= this.minIntervals)) this.refresh();
  }

  private refresh(): void {
    this.sinceRefresh = 0;
    if (this.count < this.minIntervals) return;
    const s = this.scratch.subarray(0, this.count);
    s.set(this.ring.subarray(0, this.count));
    s.sort();
    const n = this.count;
    this.median = n % 2 === 1 ? s[(n - 1) >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  }
}
