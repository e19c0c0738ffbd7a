// Multinomial logistic regression with an L2 penalty, on standardised features. Full-batch
// accelerated gradient descent (Nesterov, with the adaptive restart of O'Donoghue & Candès): no
// randomness, so the same data gives the same weights bit for bit; the step is 1/L with L a bound
// on the curvature of the softmax loss for standardised features, so no step size to tune.

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
  /** Most gradient steps; default 500. */
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

/** Fits the model on standardised rows `x` (n × d) with labels in [0, classes). */
export function fitLogReg(x: Float64Array, y: Int32Array, classes: number, options: LogRegOptions = {}): LogRegModel {
  const d = y.length === 0 ? 0 : x.length / y.length;
  const lambda = options.lambda ?? 1e-4;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-6;
  const size = classes * (d + 1);
  // Curvature bound: the softmax Hessian is at most ½·λmax(XᵀX/n) per class block, and λmax is at
  // most the trace, Σ mean(x_j²) + 1 for the intercept (d + 1 for standardised columns). Unscaled
  // rows (the seed's protocol) get a small step and converge slowly, as they do in any solver.
  let trace = 1;
  for (let i = 0; i < x.length; i++) trace += (x[i]! * x[i]!) / Math.max(1, y.length);
  const step = 1 / (0.5 * trace + lambda);
  let w = new Float64Array(size);
  let prev = new Float64Array(size);
  const v = new Float64Array(size);
  const grad = new Float64Array(size);
  let t = 1;
  let iterations = 0;
  let lastLoss = Infinity;
  for (; iterations < maxIterations; iterations++) {
    const loss = lossAndGradient(x, y, classes, d, v, lambda, grad);
    let gmax = 0;
    for (let i = 0; i < size; i++) gmax = Math.max(gmax, Math.abs(grad[i]!));
    if (gmax < tolerance) {
      w.set(v);
      break;
    }
    const next = prev;
    for (let i = 0; i < size; i++) next[i] = v[i]! - step * grad[i]!;
    // Restart the momentum when the loss goes up: keeps the descent monotone in practice.
    if (loss > lastLoss) t = 1;
    lastLoss = loss;
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = (t - 1) / tNext;
    for (let i = 0; i < size; i++) v[i] = next[i]! + beta * (next[i]! - w[i]!);
    prev = w;
    w = next;
    t = tNext;
  }
  return { kind: "logreg", classes, features: d, weights: Array.from(w), lambda, iterations };
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
