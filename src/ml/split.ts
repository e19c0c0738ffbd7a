// Splits for evaluation. The honest one is by time: readings of one device an hour apart are
// near-copies, so a random split puts the test set's twins in the training set and scores memory,
// not generalisation. A gap between the parts keeps the last training readings from touching the
// first test readings (rolling features and slow room drifts would otherwise leak across).
import type { Random } from "../random/index.js";

export interface TimeSplitOptions {
  /** Share of the readings (latest in time) to test on, in (0, 1); default 0.25. */
  testFraction?: number;
  /** Share of the readings between the parts that neither trains nor tests; default 0.02. */
  gapFraction?: number;
}

export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

/** Row indices in time order (stable: equal times keep input order). */
export function timeOrder(times: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: times.length }, (_, i) => i);
  return order.sort((a, b) => times[a]! - times[b]! || a - b);
}

/**
 * Train on the earliest readings, skip a gap, test on the latest. Readings that share the time of
 * the first test reading all go to the test part, so no time is on both sides.
 */
export function timeSplit(times: Float64Array, options: TimeSplitOptions = {}): Split {
  const testFraction = options.testFraction ?? 0.25;
  const gapFraction = options.gapFraction ?? 0.02;
  const n = times.length;
  const order = timeOrder(times);
  const nTest = Math.round(n * testFraction);
  const nGap = Math.round(n * gapFraction);
  let testStart = n - nTest;
  while (testStart > 0 && times[order[testStart - 1]!] === times[order[testStart]!]) testStart--;
  let trainEnd = Math.max(0, testStart - nGap);
  const gapTime = times[order[trainEnd]!];
  while (nGap > 0 && trainEnd > 0 && times[order[trainEnd - 1]!] === gapTime) trainEnd--;
  return { train: order.slice(0, trainEnd), test: order.slice(testStart) };
}

/** A shuffled split (the seed's protocol, kept only to show how much it flatters a model). */
export function randomSplit(n: number, testFraction: number, random: Random): Split {
  const order = shuffledIndices(n, random);
  const nTest = Math.round(n * testFraction);
  return { train: order.slice(nTest), test: order.slice(0, nTest) };
}

/** 0..n-1 in a seeded random order (Fisher–Yates). */
export function shuffledIndices(n: number, random: Random): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(0, i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** k folds of 0..n-1 in a seeded random order: fold f tests on every k-th shuffled row from f. */
export function kFolds(n: number, k: number, random: Random): Split[] {
  const order = shuffledIndices(n, random);
  const folds: Split[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (i % k === f ? test : train).push(order[i]!);
    folds.push({ train: Uint32Array.from(train), test: Uint32Array.from(test) });
  }
  return folds;
}

/**
 * Rolling-origin time folds (cross-validation that respects time): the rows in time order are cut
 * into folds + 1 equal blocks; fold f trains on blocks 0..f and tests on block f + 1, with the
 * share `gapFraction` of the rows just before each test block used by neither side. So every fold
 * predicts the future from the past, as the model will be used.
 */
export function timeFolds(times: Float64Array, folds: number, gapFraction = 0.02): Split[] {
  const n = times.length;
  const order = timeOrder(times);
  const block = Math.floor(n / (folds + 1));
  const nGap = Math.round(n * gapFraction);
  const out: Split[] = [];
  for (let f = 0; f < folds; f++) {
    let testStart = (f + 1) * block;
    const testEnd = f === folds - 1 ? n : (f + 2) * block;
    // No time on both sides: readings sharing the first test reading's time all go to the test.
    while (testStart > 0 && times[order[testStart - 1]!] === times[order[testStart]!]) testStart--;
    const trainEnd = Math.max(0, testStart - nGap);
    out.push({ train: order.slice(0, trainEnd), test: order.slice(testStart, testEnd) });
  }
  return out;
}
