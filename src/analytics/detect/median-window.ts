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
    const n = this.count;
    let j: number;
    if (n === this.size) {
      // Overwrite the oldest value in the sorted copy with x, then move x to its place: readings
      // are close to each other, so it rarely travels far.
      const old = this.ring[this.head]!;
      j = 0;
      while (s[j] !== old) j++;
      while (j > 0 && s[j - 1]! > x) {
        s[j] = s[j - 1]!;
        j--;
      }
      while (j < n - 1 && s[j + 1]! < x) {
        s[j] = s[j + 1]!;
        j++;
      }
      s[j] = x;
    } else {
      j = n - 1;
      while (j >= 0 && s[j]! > x) {
        s[j + 1] = s[j]!;
        j--;
      }
      s[j + 1] = x;
      this.count++;
    }
    this.ring[this.head] = x;
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
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
