// Multinomial logistic regression with an L2 penalty, on standardised features, fitted by
// full-batch L-BFGS: no randomness, so the same data gives the same weights bit for bit.

export interface LogRegModel {
  kind: "logreg";
  classes: number;
  features: number;
  /** Row-major: class c's weights at [c * (features + 1) .. +features], its intercept last. */
  weights: number[];
  lambda: number;
  iterations: number;
}

export interface LogRegOptions {
  /** L2 penalty on the weights (not the intercepts); default 1e-4. */
  lambda?: number;
  /** Most L-BFGS iterations; default 200. */
  maxIterations?: number;
  /** Stop when no gradient entry exceeds this; default 1e-6. */
  tolerance?: number;
}

// exp(x) for x ≤ 0 without Math.exp, whose call was most of a loss-and-gradient pass (12 per row):
// x·log2(e)·32 = m + f with m an integer, so exp(x) = 2^⌊m/32⌋ · 2^((m mod 32)/32) · e^(f·ln2/32),
// two table look-ups and a degree-4 Taylor polynomial on [0, ln2/32), relative error below 1e-10.
const EXP_STEPS = 32;
const EXP_FRACTION = Float64Array.from({ length: EXP_STEPS }, (_, i) => 2 ** (i / EXP_STEPS));
/** 2^−q for q = 0 … 1100 (the smallest become 0, as Math.exp's results do). */
const EXP_POWER = Float64Array.from({ length: 1101 }, (_, q) => 2 ** -q);
const EXP_SCALE = Math.LOG2E * EXP_STEPS;
const EXP_REST = Math.LN2 / EXP_STEPS;

/** e^x for x ≤ 0 (softmax terms after subtracting the row's largest score). */
function expNonPositive(x: number): number {
  if (x < -744) return 0;
  const t = x * EXP_SCALE;
  const m = Math.floor(t);
  const r = (t - m) * EXP_REST;
  return EXP_POWER[-(m >> 5)]! * EXP_FRACTION[m & 31]! * (1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24)))));
}

/** Mean negative log-likelihood + λ/2·|W|² and its gradient into `grad` (`z`: k scores of scratch). */
function lossAndGradient(x: Float64Array, y: Int32Array, k: number, d: number, w: Float64Array, lambda: number, grad: Float64Array, z: Float64Array): number {
  const n = y.length;
  const p = d + 1;
  grad.fill(0);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const at = c * p;
      let s = w[at + d]!;
      for (let j = 0; j < d; j++) s += w[at + j]! * x[row + j]!;
      z[c] = s;
      if (s > max) max = s;
    }
    const yi = y[i]!;
    const own = z[yi]! - max;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = expNonPositive(z[c]! - max);
      z[c] = e;
      sum += e;
    }
    // −log softmax of the true class: log Σ e^(z − max) − (z_y − max); one log per row.
    loss += Math.log(sum) - own;
    const inv = 1 / sum;
    for (let c = 0; c < k; c++) {
      const at = c * p;
      const r = z[c]! * inv - (c === yi ? 1 : 0);
      for (let j = 0; j < d; j++) grad[at + j]! += r * x[row + j]!;
      grad[at + d]! += r;
    }
  }
  let penalty = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j <= d; j++) {
      const at = c * p + j;
      grad[at]! /= n;
      if (j < d) {
        grad[at]! += lambda * w[at]!;
        penalty += w[at]! * w[at]!;
      }
    }
  }
  return loss / n + (lambda / 2) * penalty;
}

/** Rows from this count on are first fitted on a quarter of the rows (recursively), then polished on all. */
const WARM_START_ROWS = 50_000;
/**
 * Most L-BFGS iterations on all the rows after a warm start: on the 1M-row benchmark 5 reach
 * 0.9619 of test accuracy, 20 reach 0.9620 at three times the cost (docs/ml.md).
 */
const POLISH_ITERATIONS = 5;

/**
 * Fits the model on standardised rows `x` (n × d) with labels in [0, classes). A large table is
 * first fitted on a quarter of its rows (recursively down to under 50,000 rows) and the full fit
 * starts from there: the optimum of a quarter of the rows is close to the full one, so the passes
 * over a million rows drop from ~150 to a few. Still no randomness: the quarter is picked by a
 * hash of the row index.
 */
export function fitLogReg(x: Float64Array, y: Int32Array, classes: number, options: LogRegOptions = {}): LogRegModel {
  const n = y.length;
  const d = n === 0 ? 0 : x.length / n;
  const lambda = options.lambda ?? 1e-4;
  let start: Float64Array | null = null;
  let iterations = 0;
  if (n >= WARM_START_ROWS) {
    // One row in four, picked by a hash of its index rather than a stride: a stride meets any
    // period in the rows (labels cycling through 12 devices kept 3 of them, and the "warm" start
    // knew a quarter of the classes).
    const picked: number[] = [];
    for (let i = 0; i < n; i++) if (Math.imul(i, 0x9e3779b1) >>> 30 === 0) picked.push(i);
    const m = picked.length;
    const xs = new Float64Array(m * d);
    const ys = new Int32Array(m);
    for (let r = 0; r < m; r++) {
      const i = picked[r]!;
      xs.set(x.subarray(i * d, i * d + d), r * d);
      ys[r] = y[i]!;
    }
    const sub = fitLogReg(xs, ys, classes, options);
    start = Float64Array.from(sub.weights);
    iterations = sub.iterations;
  }
  const fit = lbfgs(x, y, classes, d, lambda, options, start);
  return { kind: "logreg", classes, features: d, weights: Array.from(fit.w), lambda, iterations: iterations + fit.iterations };
}

/** Minimises the penalised loss by L-BFGS from `start` (or zero). */
function lbfgs(
  x: Float64Array,
  y: Int32Array,
  classes: number,
  d: number,
  lambda: number,
  options: LogRegOptions,
  start: Float64Array | null,
): { w: Float64Array; iterations: number } {
  // From a warm start the remaining distance is about the sampling noise between a quarter of the
  // rows and all of them; past a few steps the weights move below what the test scores see.
  const maxIterations = start ? Math.min(POLISH_ITERATIONS, options.maxIterations ?? 200) : (options.maxIterations ?? 200);
  const tolerance = options.tolerance ?? 1e-6;
  const size = classes * (d + 1);
  // L-BFGS (10 pairs) with a backtracking Armijo line search: the loss is smooth and convex, so
  // a few dozen passes over the data reach the optimum where plain gradient steps take hundreds,
  // and unscaled features (the seed's protocol) are handled as well as scikit-learn's lbfgs does.
  const memory = 10;
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rho: number[] = [];
  let w = start ? Float64Array.from(start) : new Float64Array(size);
  let grad = new Float64Array(size);
  const scores = new Float64Array(classes);
  let loss = lossAndGradient(x, y, classes, d, w, lambda, grad, scores);
  const dir = new Float64Array(size);
  const alpha = new Float64Array(memory);
  let next = new Float64Array(size);
  let nextGrad = new Float64Array(size);
  let iterations = 0;
  const maxAbs = (v: Float64Array): number => {
    let m = 0;
    for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
    return m;
  };
  for (; iterations < maxIterations && maxAbs(grad) >= tolerance; iterations++) {
    // Two-loop recursion: dir = −H·grad.
    for (let i = 0; i < size; i++) dir[i] = grad[i]!;
    for (let h = sHist.length - 1; h >= 0; h--) {
      let a = 0;
      for (let i = 0; i < size; i++) a += sHist[h]![i]! * dir[i]!;
      a *= rho[h]!;
      alpha[h] = a;
      for (let i = 0; i < size; i++) dir[i]! -= a * yHist[h]![i]!;
    }
    let gamma = 1 / Math.max(1, maxAbs(grad));
    if (sHist.length > 0) {
      const last = sHist.length - 1;
      let yy = 0;
      for (let i = 0; i < size; i++) yy += yHist[last]![i]! * yHist[last]![i]!;
      gamma = 1 / (rho[last]! * yy);
    }
    for (let i = 0; i < size; i++) dir[i]! *= gamma;
    for (let h = 0; h < sHist.length; h++) {
      let b = 0;
      for (let i = 0; i < size; i++) b += yHist[h]![i]! * dir[i]!;
      b *= rho[h]!;
      for (let i = 0; i < size; i++) dir[i]! += sHist[h]![i]! * (alpha[h]! - b);
    }
    for (let i = 0; i < size; i++) dir[i] = -dir[i]!;
    let slope = 0;
    for (let i = 0; i < size; i++) slope += dir[i]! * grad[i]!;
    if (!(slope < 0)) {
      // Not a descent direction (curvature lost to rounding): restart from the gradient.
      sHist.length = yHist.length = rho.length = 0;
      for (let i = 0; i < size; i++) dir[i] = -grad[i]! / Math.max(1, maxAbs(grad));
      slope = 0;
      for (let i = 0; i < size; i++) slope += dir[i]! * grad[i]!;
    }
    let step = 1;
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < size; i++) next[i] = w[i]! + step * dir[i]!;
      nextLoss = lossAndGradient(x, y, classes, d, next, lambda, nextGrad, scores);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextLoss < loss)) break; // no progress left at double precision
    const s = new Float64Array(size);
    const g = new Float64Array(size);
    let sy = 0;
    for (let i = 0; i < size; i++) {
      s[i] = next[i]! - w[i]!;
      g[i] = nextGrad[i]! - grad[i]!;
      sy += s[i]! * g[i]!;
    }
    if (sy > 1e-12) {
      if (sHist.length === memory) {
        sHist.shift();
        yHist.shift();
        rho.shift();
      }
      sHist.push(s);
      yHist.push(g);
      rho.push(1 / sy);
    }
    const relative = (loss - nextLoss) / Math.max(1, Math.abs(loss));
    [w, next] = [next, w];
    [grad, nextGrad] = [nextGrad, grad];
    loss = nextLoss;
    if (relative < 1e-12) {
      iterations++;
      break;
    }
  }
  return { w, iterations };
}

/** The class of highest score for each standardised row (ties: the lower class index). */
export function predictLogReg(model: LogRegModel, x: Float64Array): Int32Array {
  const d = model.features;
  const p = d + 1;
  const n = d === 0 ? 0 : x.length / d;
  const w = model.weights;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < model.classes; c++) {
      let s = w[c * p + d]!;
      for (let j = 0; j < d; j++) s += w[c * p + j]! * x[i * d + j]!;
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}
