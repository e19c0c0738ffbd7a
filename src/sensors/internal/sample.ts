// Small samplers over a Random, local to the simulator so its hot loop stays allocation-free and
// its streams do not move when the shared distributions module changes.
import type { Random } from "../../random/index.js";

/** A standard normal draw (Box–Muller, one value per call: simple and reproducible). */
export function normal(rng: Random, mean = 0, sd = 1): number {
  const u = 1 - rng.next(); // (0, 1]: log stays finite
  const v = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An exponential waiting time with the given mean. */
export function exponential(rng: Random, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

/** Uniform in [min, max). */
export function uniform(rng: Random, min: number, max: number): number {
  return min + (max - min) * rng.next();
}

/** Clamps x into [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** One of `items`, with probability proportional to `weights`. */
export function pick<T>(rng: Random, items: readonly T[], weights?: readonly number[]): T {
  if (!weights) return items[rng.int(0, items.length - 1)]!;
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    u -= weights[i]!;
    if (u < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}
