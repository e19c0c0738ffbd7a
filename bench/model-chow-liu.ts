// Issue 21's "chosen by measurement": a small Bayesian-network synthesiser (a Chow–Liu tree, as
// DataSynthesizer's degree-1 network without its noise) beside the copula and sequential CART, on
// the six docs/model.md tables with the same 80/20 split and evaluation as bench/model-methods.ts.
// Numbers are cut into deciles (a missing value is its own bin), every pair's mutual information
// is measured, the maximum spanning tree kept, and rows drawn root first, each column from its
// empirical distribution given its parent's bin; a number then uniformly within its bin's range.
// A comparison script, not the product.
//   node --import tsx bench/model-chow-liu.ts [table ...]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateTables, sampleTable } from "../src/synth/evaluate/index.js";
import { fitModel, NULL_CODE, readCsvTable, splitTable, type RawColumn, type RawTable } from "../src/synth/model/index.js";
import { createRandom, type Random } from "../src/random/index.js";
import { vegaCsvPath } from "../src/synth/model/test-support/vega.js";

const TABLES = ["cars.json", "penguins.json", "seattle-weather.csv", "weather.csv", "gapminder-health-income.csv", "disasters.csv"];

interface Discrete {
  codes: Int32Array;
  size: number;
  /** Per bin of a number column: [min, max] of its values (NaN bin last). */
  ranges?: [number, number][];
}

function discretise(c: RawColumn, rows: number): Discrete {
  if (c.storage === "text") {
    const codes = Int32Array.from(c.codes, (x) => (x === NULL_CODE ? c.dictionary.length : x));
    return { codes, size: c.dictionary.length + 1 };
  }
  const present = Array.from(c.values.subarray(0, rows))
    .filter((v) => v === v)
    .sort((a, b) => a - b);
  const cuts = [
    ...new Set(Array.from({ length: 9 }, (_, k) => present[Math.floor(((k + 1) / 10) * present.length)]).filter((v): v is number => v !== undefined)),
  ];
  const size = cuts.length + 2; // bins, then missing
  const ranges: [number, number][] = Array.from({ length: size }, () => [Infinity, -Infinity]);
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = c.values[i]!;
    let k = size - 1;
    if (v === v) {
      k = 0;
      while (k < cuts.length && v >= cuts[k]!) k++;
      ranges[k]![0] = Math.min(ranges[k]![0], v);
      ranges[k]![1] = Math.max(ranges[k]![1], v);
    }
    codes[i] = k;
  }
  return { codes, size, ranges };
}

function mutualInformation(a: Discrete, b: Discrete, n: number): number {
  const joint = new Map<number, number>();
  const pa = new Float64Array(a.size),
    pb = new Float64Array(b.size);
  for (let i = 0; i < n; i++) {
    const key = a.codes[i]! * b.size + b.codes[i]!;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    pa[a.codes[i]!]!++;
    pb[b.codes[i]!]!++;
  }
  let mi = 0;
  for (const [key, count] of joint) mi += (count / n) * Math.log((count * n) / (pa[Math.floor(key / b.size)]! * pb[key % b.size]!));
  return mi;
}

function draw(weights: ArrayLike<number>, total: number, rng: Random): number {
  let u = rng.next() * total;
  for (let k = 0; k < weights.length; k++) if ((u -= weights[k]!) < 0) return k;
  return weights.length - 1;
}

function chowLiuSample(table: RawTable, rows: number, seed: number): RawTable {
  const n = table.rowCount;
  const d = table.columns.map((c) => discretise(c, n));
  const m = d.length;
  // Prim's maximum spanning tree on mutual information, rooted at column 0.
  const parent = new Int32Array(m).fill(-1);
  const inTree = new Uint8Array(m);
  const best = new Float64Array(m).fill(-Infinity);
  const order: number[] = [];
  best[0] = 0;
  for (let step = 0; step < m; step++) {
    let next = -1;
    for (let j = 0; j < m; j++) if (!inTree[j] && (next < 0 || best[j]! > best[next]!)) next = j;
    inTree[next] = 1;
    order.push(next);
    for (let j = 0; j < m; j++) {
      if (inTree[j]) continue;
      const w = mutualInformation(d[next]!, d[j]!, n);
      if (w > best[j]!) [best[j], parent[j]] = [w, next];
    }
  }
  const rng = createRandom(seed);
  const out = d.map(() => new Int32Array(rows));
  for (const j of order) {
    const p = parent[j]!;
    const size = d[j]!.size;
    const pSize = p < 0 ? 1 : d[p]!.size;
    const counts = new Float64Array(pSize * size);
    for (let i = 0; i < n; i++) counts[(p < 0 ? 0 : d[p]!.codes[i]!) * size + d[j]!.codes[i]!]!++;
    for (let r = 0; r < rows; r++) {
      const ctx = p < 0 ? 0 : out[p]![r]!;
      const w = counts.subarray(ctx * size, (ctx + 1) * size);
      const total = w.reduce((s, x) => s + x, 0);
      out[j]![r] = total > 0 ? draw(w, total, rng) : draw(counts.subarray(0, size), 1, rng);
    }
  }
  const columns = table.columns.map((c, j): RawColumn => {
    const codes = out[j]!;
    if (c.storage === "text") {
      const size = d[j]!.size;
      return { ...c, codes: Uint32Array.from(codes, (k) => (k === size - 1 ? NULL_CODE : k)), nulls: codes.filter((k) => k === size - 1).length };
    }
    const ranges = d[j]!.ranges!;
    const places = c.storage === "numeric" ? 10 ** c.decimals : 1;
    const values = Float64Array.from(codes, (k) => {
      const [lo, hi] = ranges[k]!;
      if (!(lo <= hi)) return Number.NaN;
      return Math.round((lo + rng.next() * (hi - lo)) * places) / places;
    });
    return { ...c, values, nulls: values.filter((v) => v !== v).length };
  });
  return { ...table, columns, rowCount: rows };
}

const chosen = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "mimic-chow-liu-"));
const f = (x: number): string => x.toFixed(3);
try {
  console.log("| table | copula q | cart q | Chow–Liu BN q | copula all pairs | cart all pairs | BN all pairs | BN shapes | BN pair trends |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const file of TABLES.filter((t) => chosen.length === 0 || chosen.some((c) => t.includes(c)))) {
    const table = await readCsvTable(vegaCsvPath(file, dir));
    const { fit, holdout } = splitTable(table, Math.round(table.rowCount * 0.2), 1);
    const q: Record<string, { score: number; scoreAllPairs: number; columnShapes: number; columnPairTrends: number }> = {};
    for (const method of ["copula", "cart"] as const) {
      const { model } = fitModel(fit, undefined, { method });
      q[method] = evaluateTables(fit, await sampleTable(model, fit.rowCount, 1, join(dir, `${method}.csv`)), holdout).quality;
    }
    q["bn"] = evaluateTables(fit, chowLiuSample(fit, fit.rowCount, 1), holdout).quality;
    console.log(
      `| ${file.replace(/\.(json|csv)$/, "")} | ${f(q["copula"]!.score)} | ${f(q["cart"]!.score)} | ${f(q["bn"].score)} | ${f(q["copula"]!.scoreAllPairs)} | ${f(q["cart"]!.scoreAllPairs)} | ${f(q["bn"].scoreAllPairs)} | ${f(q["bn"].columnShapes)} | ${f(q["bn"].columnPairTrends)} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
