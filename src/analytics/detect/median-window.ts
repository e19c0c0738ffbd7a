// The last `size` values, kept both in arrival order (a ring) and sorted, so the median and the
// median absolute deviation cost O(size) per reading with no allocation. Windows are small (15).

export class MedianWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private readonly scratch: Float64Array;
  private head = 0;
  count = 0;

  constructor(readonly size: number) {
    this.ring = new Float64Array(size);
    this.sorted = new Float64Array(size);
    this.scratch = new Float64Array(size);
  }

  clear(): void {
    this.head = this.count = 0;
  }

  push(x: number): void {
    const s = this.sorted;
    let n = this.count;
    if (n === this.size) {
      const old = this.ring[this.head]!;
      // Remove the oldest value from the sorted copy.
      let i = 0;
      while (i < n - 1 && s[i] !== old) i++;
      for (; i < n - 1; i++) s[i] = s[i + 1]!;
      n--;
    } else this.count++;
    this.ring[this.head] = x;
    this.head = (this.head + 1) % this.size;
    let j = n - 1;
    while (j >= 0 && s[j]! > x) {
      s[j + 1] = s[j]!;
      j--;
    }
    s[j + 1] = x;
  }

  median(): number {
    const n = this.count;
    const s = this.sorted;
    return n % 2 === 1 ? s[(n - 1) >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  }

  /** Median absolute deviation from `center` (insertion sort of the deviations: n is small). */
  mad(center: number): number {
    const n = this.count;
    const d = this.scratch;
    for (let i = 0; i < n; i++) {
      const x = Math.abs(this.sorted[i]! - center);
      let j = i - 1;
      while (j >= 0 && d[j]! > x) {
        d[j + 1] = d[j]!;
        j--;
      }
      d[j + 1] = x;
    }
    return n % 2 === 1 ? d[(n - 1) >> 1]! : (d[n / 2 - 1]! + d[n / 2]!) / 2;
  }
}
