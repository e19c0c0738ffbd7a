// The numbers behind the report's pictures: per-column distributions, correlation matrices and
// the DCR histogram. Small and bounded, so they also travel in the JSON output.
import { formatDatetime } from "../model/index.js";
import { columnPearson } from "./pairs.js";
import { frequencies } from "./shapes.js";
import type { ColumnInfo, EncodedTable } from "./table.js";

export type ColumnPlot =
  | { column: string; kind: "histogram"; edges: number[]; labels: string[]; real: number[]; synthetic: number[] }
  | { column: string; kind: "bars"; labels: string[]; real: number[]; synthetic: number[] };

export interface CorrelationPlot {
  columns: string[];
  real: (number | null)[][];
  synthetic: (number | null)[][];
}

const HISTOGRAM_BINS = 24;
const TOP_CATEGORIES = 12;

function histogram(values: Float64Array, edges: number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const min = edges[0]!,
    max = edges[edges.length - 1]!,
    width = (max - min) / (edges.length - 1) || 1;
  let n = 0;
  for (const v of values) {
    if (v !== v) continue;
    n++;
    const b = Math.min(edges.length - 2, Math.max(0, Math.floor((v - min) / width)));
    counts[b]!++;
  }
  return counts.map((c) => (n === 0 ? 0 : c / n));
}

function label(value: number, info: ColumnInfo): string {
  if (info.sdtype === "datetime") return formatDatetime(value, info.format ?? "YYYY-MM-DD");
  return Math.abs(value) >= 1000 || Number.isInteger(value) ? String(Math.round(value)) : value.toPrecision(3);
}

function missingShare(codes: Int32Array): number {
  let n = 0;
  for (const c of codes) if (c < 0) n++;
  return codes.length === 0 ? 0 : n / codes.length;
}

/** Distribution of every numerical, datetime and categorical column, real vs synthetic. */
export function columnPlots(info: readonly ColumnInfo[], real: EncodedTable, synthetic: EncodedTable): ColumnPlot[] {
  const out: ColumnPlot[] = [];
  info.forEach((c, i) => {
    const r = real.columns[i]!,
      s = synthetic.columns[i]!;
    if (r.kind === "number" && s.kind === "number") {
      let min = Number.POSITIVE_INFINITY,
        max = Number.NEGATIVE_INFINITY;
      for (const v of r.values) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (!Number.isFinite(min)) return;
      if (min === max) max = min + 1;
      const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => min + ((max - min) * k) / HISTOGRAM_BINS);
      out.push({
        column: c.name,
        kind: "histogram",
        edges,
        labels: [label(min, c), label(max, c)],
        real: histogram(r.values, edges),
        synthetic: histogram(s.values, edges),
      });
    } else if (r.kind === "code" && s.kind === "code" && (c.sdtype === "categorical" || c.sdtype === "boolean")) {
      const fr = frequencies(r.codes, c.dictionary.length),
        fs = frequencies(s.codes, c.dictionary.length);
      const order = [...fr.keys()].sort((a, b) => fr[b]! - fr[a]! || fs[b]! - fs[a]!);
      const top = order.slice(0, TOP_CATEGORIES);
      const rest = order.slice(TOP_CATEGORIES);
      const labels = top.map((k) => c.dictionary[k]!);
      const realShares = top.map((k) => fr[k]!),
        synthShares = top.map((k) => fs[k]!);
      if (rest.length > 0) {
        labels.push(`${rest.length} others`);
        realShares.push(rest.reduce((a, k) => a + fr[k]!, 0));
        synthShares.push(rest.reduce((a, k) => a + fs[k]!, 0));
      }
      // Missing values get their own bar (the shares above are then of all rows, not of the present ones).
      const missingReal = missingShare(r.codes),
        missingSynth = missingShare(s.codes);
      if (missingReal > 0 || missingSynth > 0) {
        for (let k = 0; k < labels.length; k++) {
          realShares[k] = realShares[k]! * (1 - missingReal);
          synthShares[k] = synthShares[k]! * (1 - missingSynth);
        }
        labels.push("(missing)");
        realShares.push(missingReal);
        synthShares.push(missingSynth);
      }
      out.push({ column: c.name, kind: "bars", labels, real: realShares, synthetic: synthShares });
    }
  });
  return out;
}

/** Pearson correlations between numerical and datetime columns, real and synthetic. */
export function correlationPlot(info: readonly ColumnInfo[], real: EncodedTable, synthetic: EncodedTable): CorrelationPlot {
  const idx = info
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.sdtype === "numerical" || c.sdtype === "datetime")
    .slice(0, 40);
  const matrix = (t: EncodedTable): (number | null)[][] =>
    idx.map(({ i }) =>
      idx.map(({ i: j }) => {
        const a = t.columns[i]!,
          b = t.columns[j]!;
        if (a.kind !== "number" || b.kind !== "number") return null;
        if (i === j) return 1;
        const r = columnPearson(a.values, b.values);
        return Number.isNaN(r) ? null : Math.round(r * 1000) / 1000;
      }),
    );
  return { columns: idx.map(({ c }) => c.name), real: matrix(real), synthetic: matrix(synthetic) };
}

/** Shares of DCR values in 20 equal bins over [0, max of both]. */
export function dcrHistogram(synthetic: Float64Array, random: Float64Array): { edges: number[]; synthetic: number[]; random: number[] } {
  let max = 0;
  for (const v of synthetic) if (v > max) max = v;
  for (const v of random) if (v > max) max = v;
  if (max === 0) max = 1;
  const edges = Array.from({ length: 21 }, (_, k) => (max * k) / 20);
  return { edges, synthetic: histogram(synthetic, edges), random: histogram(random, edges) };
}
