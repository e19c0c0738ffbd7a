// Support vector machines trained by averaged stochastic sub-gradient descent on the hinge loss with
// an L2 penalty (Pegasos' objective; steps 1/(λ(t₀ + t)) as scikit-learn's SGDClassifier), one class
// against the rest as scikit-learn's LinearSVC; the weights returned are an average of the iterates
// (over every step for the linear kernel, the last epoch for rbf), which damps the noise of single steps.
// The RBF kernel is approximated by random Fourier features (Rahimi & Recht): each standardised
// row becomes √(2/D)·cos(ω·x + b) with ω ~ N(0, 2γ) and b ~ U(0, 2π), on which the same linear
// machine is trained — a kernel machine whose cost grows with the rows, not their square.
// Deterministic for a seed (the row order of each epoch and the random features are seeded).
import type { Random } from "../random/index.js";
import { shuffledIndices } from "./split.js";

export type SvmKernel = "linear" | "rbf";

export interface FourierFeatures {
  dims: number;
  gamma: number;
  /** dims × features, row-major. */
  omega: number[];
  phase: number[];
}

export interface SvmModel {
  kind: "svm";
  kernel: SvmKernel;
  classes: number;
  features: number;
  /** The random features of the RBF kernel; null for the linear one. */
  rff: FourierFeatures | null;
  /** Class c's weights over the machine's inputs at [c * (inputs + 1) ..], its intercept last. */
  weights: number[];
  lambda: number;
  epochs: number;
}

export interface SvmOptions {
  kernel?: SvmKernel;
  /** L2 penalty; default 1e-4. */
  lambda?: number;
  /** Passes over the rows; default 5 (linear) or 2 (rbf). */
  epochs?: number;
  /** Random features of the RBF kernel; default 100. */
  dims?: number;
  /**
   * Which iterates the returned weights average: every step (averaged SGD, as scikit-learn's
   * SGDClassifier(average=True)) or the last epoch's. Default by kernel, as measured on the 12-room
   * study (docs/analytics.md, 7 seeds): every step for linear (mean accuracy 0.201 → 0.211), the
   * last epoch for rbf (0.264; every step: 0.255, its first epoch's iterates are still far off).
   */
  average?: "every-step" | "last-epoch";
  /** Kernel width γ of exp(−γ|x − y|²); default 1 / features (scikit-learn's "scale" on standardised rows). */
  gamma?: number;
}

function gauss(r: Random): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

/** The machine's inputs for row i: the row itself, or its random Fourier features, into `z`. */
function inputsOf(x: Float64Array, i: number, d: number, rff: FourierFeatures | null, z: Float64Array): void {
  if (rff === null) {
    for (let j = 0; j < d; j++) z[j] = x[i * d + j]!;
    return;
  }
  const scale = Math.sqrt(2 / rff.dims);
  for (let m = 0; m < rff.dims; m++) {
    let s = rff.phase[m]!;
    for (let j = 0; j < d; j++) s += rff.omega[m * d + j]! * x[i * d + j]!;
    z[m] = scale * Math.cos(s);
  }
}

/** Fits the machine on standardised rows `x` (n × d) with labels in [0, classes). */
export function fitSvm(x: Float64Array, y: Int32Array, classes: number, random: Random, options: SvmOptions = {}): SvmModel {
  const n = y.length;
  const d = n === 0 ? 0 : x.length / n;
  const kernel = options.kernel ?? "linear";
  const lambda = options.lambda ?? 1e-4;
  const epochs = options.epochs ?? (kernel === "linear" ? 5 : 2);
  let rff: FourierFeatures | null = null;
  if (kernel === "rbf") {
    const dims = options.dims ?? 100;
    const gamma = options.gamma ?? 1 / Math.max(1, d);
    const r = random.fork("fourier");
    const sd = Math.sqrt(2 * gamma);
    rff = {
      dims,
      gamma,
      omega: Array.from({ length: dims * d }, () => sd * gauss(r)),
      phase: Array.from({ length: dims }, () => 2 * Math.PI * r.next()),
    };
  }
  const m = rff === null ? d : rff.dims;
  const p = m + 1;
  const w = new Float64Array(classes * p);
  const avg = new Float64Array(classes * p);
  const z = new Float64Array(m);
  // Steps 1/(λ(t₀ + t)) with t₀ = λ^(−3/4) (Bottou's heuristic, scikit-learn's "optimal": the first
  // step is λ^(−1/4), not Pegasos' 1/λ, which throws the first iterates far out).
  const t0 = lambda ** -0.75;
  let t = 0;
  let averaged = 0;
  const avgFrom = (options.average ?? (kernel === "linear" ? "every-step" : "last-epoch")) === "every-step" ? 0 : epochs - 1;
  for (let e = 0; e < epochs; e++) {
    const order = shuffledIndices(n, random.fork("epoch", e));
    const averaging = e >= avgFrom;
    if (averaging) averaged += n;
    for (let o = 0; o < n; o++) {
      const i = order[o]!;
      inputsOf(x, i, d, rff, z);
      const eta = 1 / (lambda * (t0 + t));
      t++;
      const shrink = 1 - eta * lambda;
      const yi = y[i]!;
      for (let c = 0; c < classes; c++) {
        const at = c * p;
        let s = w[at + m]!;
        for (let j = 0; j < m; j++) s += w[at + j]! * z[j]!;
        const sign = c === yi ? 1 : -1;
        // The intercept is one more input fixed at 1, penalised like the weights (as in Pegasos).
        for (let j = 0; j <= m; j++) w[at + j]! *= shrink;
        if (sign * s < 1) {
          const step = eta * sign;
          for (let j = 0; j < m; j++) w[at + j]! += step * z[j]!;
          w[at + m]! += step;
        }
        if (averaging) for (let j = 0; j <= m; j++) avg[at + j]! += w[at + j]!;
      }
    }
  }
  const weights = Array.from(avg, (v) => (averaged === 0 ? 0 : v / averaged));
  return { kind: "svm", kernel, classes, features: d, rff, weights, lambda, epochs };
}

/** The class of highest decision value for each standardised row (ties: the lower class index). */
export function predictSvm(model: SvmModel, x: Float64Array): Int32Array {
  const d = model.features;
  const n = d === 0 ? 0 : x.length / d;
  const rff = model.rff;
  const m = rff === null ? d : rff.dims;
  const p = m + 1;
  const w = Float64Array.from(model.weights);
  const z = new Float64Array(m);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    inputsOf(x, i, d, rff, z);
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < model.classes; c++) {
      let s = w[c * p + m]!;
      for (let j = 0; j < m; j++) s += w[c * p + j]! * z[j]!;
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}
