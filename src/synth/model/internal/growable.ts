// Append-only typed arrays: a CSV's row count is unknown until the end, and per-row JS arrays of
// boxed values would cost ten times the memory on a million-row file.

export class GrowableFloat64 {
  private data = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The filled part (a view, no copy). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export class GrowableUint32 {
  private data = new Uint32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
