// Device clocks jump and drift, so one device's readings can arrive a little out of time order;
// rolling windows, gaps and charts need them in order. A bounded buffer per device puts them
// right: readings wait in time order until REORDER_READINGS are held, then the older half moves
// on. A reading displaced by up to half the buffer is placed exactly; one older than what already
// moved on is passed on where it arrived and counted as late.

/** Readings held per device (five doubles each: 80 KB). */
export const REORDER_READINGS = 2048;

/** What receives a device's readings in time order: time and the four fields (NaN = absent). */
export interface ReadingSink {
  push(time: number, temperature: number, humidity: number, motion: number, light: number): void;
}

export class ReorderBuffer implements ReadingSink {
  private readonly cols: Float64Array[];
  private size = 0;
  private lastOut = Number.NEGATIVE_INFINITY;
  /** Readings older than one already passed on. */
  late = 0;

  constructor(
    private readonly next: ReadingSink,
    private readonly capacity = REORDER_READINGS,
  ) {
    this.cols = Array.from({ length: 5 }, () => new Float64Array(capacity));
  }

  push(time: number, temperature: number, humidity: number, motion: number, light: number): void {
    if (time < this.lastOut) {
      this.late++;
      this.next.push(time, temperature, humidity, motion, light);
      return;
    }
    if (this.size === this.capacity) this.flush(this.capacity >> 1);
    const [t, a, b, c, d] = this.cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    // Usually in order: appended. Else shifted into place (stable: after equal times).
    let i = this.size;
    while (i > 0 && t[i - 1]! > time) i--;
    if (i < this.size) for (const col of this.cols) col.copyWithin(i + 1, i, this.size);
    t[i] = time;
    a[i] = temperature;
    b[i] = humidity;
    c[i] = motion;
    d[i] = light;
    this.size++;
  }

  /** Passes on the oldest `count` readings. */
  private flush(count: number): void {
    const [t, a, b, c, d] = this.cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    for (let i = 0; i < count; i++) this.next.push(t[i]!, a[i]!, b[i]!, c[i]!, d[i]!);
    if (count > 0) this.lastOut = t[count - 1]!;
    for (const col of this.cols) col.copyWithin(0, count, this.size);
    this.size -= count;
  }

  /** Passes on everything held (at the end of the input). */
  drain(): void {
    this.flush(this.size);
  }
}
