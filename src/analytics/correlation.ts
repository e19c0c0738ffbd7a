// Pearson correlation from co-moments (count, means, C = Σ(x − x̄)(y − ȳ), M2 of each), updated
// one pair at a time like Welford's variance: no sums of products that cancel.

/** Pearson's r over the pairs where both values are present; NaN when undefined (constant or < 2 pairs). */
export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  let n = 0;
  let mx = 0;
  let my = 0;
  let c = 0;
  let m2x = 0;
  let m2y = 0;
  const len = Math.min(xs.length, ys.length);
  for (let i = 0; i < len; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++;
    const dx = x - mx;
    mx += dx / n;
    const dy = y - my;
    my += dy / n;
    c += dx * (y - my);
    m2x += dx * (x - mx);
    m2y += dy * (y - my);
  }
  if (n < 2 || m2x <= 0 || m2y <= 0) return Number.NaN;
  return c / Math.sqrt(m2x * m2y);
}
