// Pearson correlation from co-moments (count, means, C = Σ(x − x̄)(y − ȳ), M2 of each), updated
// one pair at a time like Welford's variance: no sums of products that cancel.

/** Co-moments of pairs, one pair at a time. */
export class CoMoments {
  private n = 0;
  private mx = 0;
  private my = 0;
  private c = 0;
  private m2x = 0;
  private m2y = 0;

  /** Adds a pair; skipped when either value is missing (NaN). */
  add(x: number, y: number): void {
    if (Number.isNaN(x) || Number.isNaN(y)) return;
    this.n++;
    const dx = x - this.mx;
    this.mx += dx / this.n;
    const dy = y - this.my;
    this.my += dy / this.n;
    this.c += dx * (y - this.my);
    this.m2x += dx * (x - this.mx);
    this.m2y += dy * (y - this.my);
  }

  /** Pearson's r; NaN when undefined (constant or < 2 pairs). */
  pearson(): number {
    if (this.n < 2 || this.m2x <= 0 || this.m2y <= 0) return Number.NaN;
    return this.c / Math.sqrt(this.m2x * this.m2y);
  }
}

/** Pearson's r over the pairs where both values are present; NaN when undefined (constant or < 2 pairs). */
export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const m = new CoMoments();
  const len = Math.min(xs.length, ys.length);
  for (let i = 0; i < len; i++) m.add(xs[i]!, ys[i]!);
  return m.pearson();
}
