import { MimicError } from "../../errors/index.js";
import type { Random } from "../../random/index.js";

/**
 * A univariate distribution with validated parameters. `sample` draws one value; `fill` draws
 * into a slice of a typed array (the hot path: no per-value allocation).
 */
export interface Sampler {
  /** Human-readable form, e.g. `normal(mean=0, sd=1)`. */
  readonly label: string;
  sample(rng: Random): number;
  /** Fills `out[from, to)` (default: the whole array) and returns `out`. */
  fill(rng: Random, out: Float64Array, from?: number, to?: number): Float64Array;
  /** Inverse CDF, where the distribution has one (used by the Gaussian copula). */
  readonly quantile?: (p: number) => number;
}

/** Builds a Sampler from a one-value draw; `fill` loops over it. */
export function makeSampler(label: string, draw: (rng: Random) => number, quantile?: (p: number) => number): Sampler {
  const sampler: Sampler = {
    label,
    sample: draw,
    fill(rng, out, from = 0, to = out.length) {
      for (let i = from; i < to; i++) out[i] = draw(rng);
      return out;
    },
  };
  return quantile === undefined ? sampler : { ...sampler, quantile };
}

/** Throws DISTRIBUTION_INVALID unless `ok`; the message says what to pass instead. */
export function need(ok: boolean, message: string): void {
  if (!ok) throw new MimicError("DISTRIBUTION_INVALID", message);
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}
