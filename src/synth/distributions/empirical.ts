import { AliasTable } from "./alias.js";
import { isFiniteNumber, makeSampler, need, type Sampler } from "./sampler.js";

/**
 * The distribution of observed values: `interpolate: false` (default) resamples them (a bootstrap
 * draw); `interpolate: true` draws from the piecewise-linear quantile function between the sorted
 * values, so new values fall between the observed ones.
 *
 * @example
 * empirical([3, 1, 4, 1, 5], { interpolate: true }).sample(createRandom(2)); // in [1, 5]
 */
export function empirical(values: readonly number[], options: { interpolate?: boolean } = {}): Sampler {
  need(values.length > 0 && values.every(isFiniteNumber), "empirical needs a non-empty list of finite values");
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const label = `empirical(${n} values${options.interpolate === true ? ", interpolated" : ""})`;
  if (options.interpolate === true) {
    const quantile = (p: number): number => {
      if (n === 1) return sorted[0]!;
      const pos = p * (n - 1);
      const i = Math.min(Math.floor(pos), n - 2);
      const f = pos - i;
      return sorted[i]! + f * (sorted[i + 1]! - sorted[i]!);
    };
    return makeSampler(label, (rng) => quantile(rng.next()), quantile);
  }
  const quantile = (p: number): number => sorted[Math.min(Math.floor(p * n), n - 1)]!;
  return makeSampler(label, (rng) => sorted[Math.floor(rng.next() * n)]!, quantile);
}

/**
 * A mixture: picks a component by weight (alias method), then draws from it.
 *
 * @example
 * mixture([{ weight: 0.8, sampler: normal(8, 1) }, { weight: 0.2, sampler: normal(13, 1.5) }]);
 */
export function mixture(components: readonly { weight: number; sampler: Sampler }[]): Sampler {
  need(components.length > 0, "mixture needs at least one component");
  const table = new AliasTable(components.map((c) => c.weight));
  const samplers = components.map((c) => c.sampler);
  return makeSampler(`mixture(${samplers.map((s) => s.label).join(", ")})`, (rng) => samplers[table.index(rng)]!.sample(rng));
}
