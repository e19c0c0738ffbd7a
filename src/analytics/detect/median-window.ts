// The last `size` values, kept both in arrival order (a ring) and sorted, so the median and the
// median absolute deviation cost O(size) per reading with no allocation. Windows are small (15).

export class MedianWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  count = 0;

  constructor(readonly size: number) {
    this.ring = new Float64Array(size);
    this.sorted = new Float64Array(size);
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

  /**
   * Median absolute deviation from `center`. The window is sorted, so the deviations are two
   * sorted runs that start where `center` falls (below it growing leftwards, above it rightwards):
   * merging them from there reaches the middle in n/2 steps, with no sort (a spike test asks on
   * every reading far from the median, which a jumpy series does on most of them).
   */
  mad(center: number): number {
    const n = this.count;
    if (n === 0) return Number.NaN;
    const s = this.sorted;
    let right = 0;
    while (right < n && s[right]! < center) right++;
    let left = right - 1;
    // The middle deviation is the ((n-1)>>1)-th smallest; an even count averages it with the next.
    const last = n & 1 ? (n - 1) >> 1 : n >> 1;
    let previous = 0;
    for (let i = 0; ; i++) {
      const d = right >= n || (left >= 0 && center - s[left]! <= s[right]! - center) ? center - s[left--]! : s[right++]! - center;
      if (i === last) return n & 1 ? d : (previous + d) / 2;
      previous = d;
    }
  }
}
