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

/** Mean negative log-likelihood + λ/2·|W|² and its gradient into `grad`. */
function lossAndGradient(x: Float64Array, y: Int32Array, k: number, d: number, w: Float64Array, lambda: number, grad: Float64Array): number {
  const n = y.length;
  const p = d + 1;
  grad.fill(0);
  const z = new Float64Array(k);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = w[c * p + d]!;
      for (let j = 0; j < d; j++) s += w[c * p + j]! * x[row + j]!;
      z[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[c]! - max);
      z[c] = e;
      sum += e;
    }
    const yi = y[i]!;
    loss += Math.log(sum) - Math.log(z[yi]!);
    for (let c = 0; c < k; c++) {
      const r = z[c]! / sum - (c === yi ? 1 : 0);
      if (r === 0) continue;
      for (let j = 0; j < d; j++) grad[c * p + j]! += r * x[row + j]!;
      grad[c * p + d]! += r;
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

/** Rows from this count on are first fitted on every 4th row (recursively), then polished on all. */
const WARM_START_ROWS = 200_000;
/** Most L-BFGS iterations on the full rows after a warm start (see docs/ml.md for what it costs in accuracy: nothing measurable). */
const POLISH_ITERATIONS = 20;

/**
 * Fits the model on standardised rows `x` (n × d) with labels in [0, classes). A large table is
 * first fitted on every 4th row (recursively down to under 200,000 rows) and the full fit starts
 * from there: the optimum of a quarter of the rows is close to the full one, so the passes over a
 * million rows drop from ~150 to a few dozen. Still no randomness: the subsample is a stride.
 */
export function fitLogReg(x: Float64Array, y: Int32Array, classes: number, options: LogRegOptions = {}): LogRegModel {
  const n = y.length;
  const d = n === 0 ? 0 : x.length / n;
  const lambda = options.lambda ?? 1e-4;
  let start: Float64Array | null = null;
  let iterations = 0;
  if (n >= WARM_START_ROWS) {
    const m = Math.ceil(n / 4);
    const xs = new Float64Array(m * d);
    const ys = new Int32Array(m);
    for (let r = 0; r < m; r++) {
      xs.set(x.subarray(4 * r * d, 4 * r * d + d), r * d);
      ys[r] = y[4 * r]!;
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
  // rows and all of them; past a few dozen steps the weights move below what the test scores see.
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
  let loss = lossAndGradient(x, y, classes, d, w, lambda, grad);
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
      nextLoss = lossAndGradient(x, y, classes, d, next, lambda, nextGrad);
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
