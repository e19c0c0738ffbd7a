// Paired A/B rounds summarised honestly: the geometric mean of the per-pair ratios B/A and its 95%
// bootstrap interval (pairs resampled with replacement, seeded), so a bench can say whether a
// target is met beyond the noise of its rounds rather than by one pooled number.
import { createRandom } from "../../src/random/index.js";

const RESAMPLES = 10_000;

/**
 * @example
 * pairRatios([1.02, 0.95, 0.99]); // { geomean: 0.986…, low: 0.95…, high: 1.01… }
 */
export function pairRatios(ratios: readonly number[], seed = 1): { geomean: number; low: number; high: number } {
  const logs = ratios.filter((r) => r > 0 && Number.isFinite(r)).map(Math.log);
  if (logs.length === 0) return { geomean: Number.NaN, low: Number.NaN, high: Number.NaN };
  const meanOf = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const rng = createRandom(seed);
  const means = new Float64Array(RESAMPLES);
  for (let b = 0; b < RESAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < logs.length; i++) sum += logs[rng.int(0, logs.length - 1)]!;
    means[b] = sum / logs.length;
  }
  means.sort();
  return { geomean: Math.exp(meanOf(logs)), low: Math.exp(means[Math.floor(0.025 * RESAMPLES)]!), high: Math.exp(means[Math.floor(0.975 * RESAMPLES)]!) };
}
