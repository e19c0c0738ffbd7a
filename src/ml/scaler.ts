// Standardisation fitted on the training rows only: the test rows' mean and spread must not shape
// the model that is judged on them.
import { MimicError } from "../errors/index.js";

export interface Scaler {
  mean: number[];
  std: number[];
}

/** Per-feature mean and (population) standard deviation of the rows. Throws ML_CONSTANT_FEATURE. */
export function fitScaler(x: Float64Array, features: readonly string[]): Scaler {
  const d = features.length;
  const n = x.length / d;
  const mean = new Array<number>(d).fill(0);
  const m2 = new Array<number>(d).fill(0);
  // Welford per feature: stable for readings far from zero (epoch-like or Kelvin values).
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      const delta = v - mean[j]!;
      mean[j]! += delta / (i + 1);
      m2[j]! += delta * (v - mean[j]!);
    }
  }
  const std = m2.map((s) => Math.sqrt(s / n));
  std.forEach((s, j) => {
    if (!(s > 1e-12 * Math.max(1, Math.abs(mean[j]!))))
      throw new MimicError(
        "ML_CONSTANT_FEATURE",
        `Feature "${features[j]}" has the same value (${mean[j]}) in every training reading; drop it from --features.`,
      );
  });
  return { mean, std };
}

/** The rows standardised with a fitted scaler (a new array). */
export function applyScaler(scaler: Scaler, x: Float64Array): Float64Array {
  const d = scaler.mean.length;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % d;
    out[i] = (x[i]! - scaler.mean[j]!) / scaler.std[j]!;
  }
  return out;
}
