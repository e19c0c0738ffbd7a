// `mimic evaluate`: quality, validity and privacy of a synthetic table against the real one,
// each next to the same score for an independent-columns baseline, so a user sees what the
// model added (correlations) and what it cost (closeness to real rows).
import { MimicError } from "../../errors/index.js";
import type { RawTable } from "../model/internal/read-csv.js";
import { createRandom, type Random } from "../random/index.js";
import { columnPlots, correlationPlot, dcrHistogram, type ColumnPlot, type CorrelationPlot } from "./plots.js";
import { baselineProtection, closestDistances, dcrSpace, median, overfittingProtection, randomBaseline, rowMatrix, subsample } from "./privacy.js";
import { qualityScores, type QualityScores } from "./quality.js";
import { describeColumns, encodeTables, NULL, type ColumnInfo, type EncodedTable } from "./table.js";

export const EVALUATION_VERSION = 1;

export interface EvaluateOptions {
  /** Seeds every subsample and the random baselines (default 0): same inputs, same scores. */
  seed?: number;
  /** Synthetic rows whose DCR is measured (default 1,000). */
  dcrRows?: number;
  /** Real rows each is compared with (default 20,000; all rows of smaller tables). */
  dcrReferenceRows?: number;
  /** Rows of the independent-columns baseline (default: as many as the synthetic table, ≤ 100,000). */
  baselineRows?: number;
}

export interface PrivacyScores {
  /** SDMetrics' DCRBaselineProtection: min(1, median DCR synthetic / median DCR random). */
  dcrBaselineProtection: number;
  medianDcr: number;
  medianDcrRandom: number;
  /** SDMetrics' DCROverfittingProtection (only with a holdout table). */
  dcrOverfittingProtection?: number;
  closerToTraining?: number;
  /** Synthetic rows equal to some real row on every compared column. */
  exactCopies: number;
  exactCopyShare: number;
  dcrRows: number;
  dcrReferenceRows: number;
}

export interface Evaluation {
  version: typeof EVALUATION_VERSION;
  rows: { real: number; synthetic: number; holdout?: number; baseline: number };
  columns: { name: string; sdtype: string }[];
  quality: QualityScores;
  privacy: PrivacyScores;
  /** The same metrics for an independent-columns sample of the real table. */
  baseline: { quality: QualityScores; privacy: PrivacyScores };
  plots: { columns: ColumnPlot[]; correlation: CorrelationPlot; dcr: { edges: number[]; synthetic: number[]; random: number[] } };
}

/** Each column drawn from random real rows independently: the marginals without any relationship. */
function independentBaseline(real: EncodedTable, rows: number, rng: Random): EncodedTable {
  return {
    rows,
    columns: real.columns.map((col, c) => {
      const r = rng.fork("independent", c);
      if (col.kind === "number") return { kind: "number", values: Float64Array.from({ length: rows }, () => col.values[r.int(0, real.rows - 1)]!) };
      return { kind: "code", codes: Int32Array.from({ length: rows }, () => col.codes[r.int(0, real.rows - 1)]!) };
    }),
  };
}

function rowKeys(table: EncodedTable, columns: readonly number[], rows?: Uint32Array): string[] {
  const n = rows ? rows.length : table.rows;
  const out = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    let key = "";
    for (const c of columns) {
      const col = table.columns[c]!;
      key += (col.kind === "number" ? String(col.values[i]) : col.codes[i] === NULL ? "∅" : String(col.codes[i])) + "\u0001";
    }
    out[k] = key;
  }
  return out;
}

function privacyScores(real: EncodedTable, synthetic: EncodedTable, holdout: EncodedTable | undefined, columns: number[], realKeys: Set<string>, options: Required<EvaluateOptions>, rng: Random): { scores: PrivacyScores; synthDcr: Float64Array; randomDcr: Float64Array } {
  const synthRows = subsample(synthetic.rows, options.dcrRows, rng.fork("synthetic"));
  const refRows = subsample(real.rows, options.dcrReferenceRows, rng.fork("reference"));
  const space = dcrSpace(real, columns);
  const reference = rowMatrix(real, columns, refRows);
  const synthMatrix = rowMatrix(synthetic, columns, synthRows);
  const synthDcr = closestDistances(synthMatrix, reference, space);
  const random = randomBaseline(real, columns, synthRows.length, rng.fork("random"));
  const randomDcr = closestDistances(random, reference, space);
  const scores: PrivacyScores = {
    dcrBaselineProtection: baselineProtection(synthDcr, randomDcr),
    medianDcr: median(synthDcr),
    medianDcrRandom: median(randomDcr),
    exactCopies: 0,
    exactCopyShare: 0,
    dcrRows: synthRows.length,
    dcrReferenceRows: refRows.length,
  };
  if (holdout) {
    const holdRows = subsample(holdout.rows, options.dcrReferenceRows, rng.fork("holdout"));
    const toHoldout = closestDistances(synthMatrix, rowMatrix(holdout, columns, holdRows), dcrSpace(holdout, columns));
    const toTraining = closestDistances(synthMatrix, reference, space);
    const o = overfittingProtection(toTraining, toHoldout);
    scores.dcrOverfittingProtection = o.score;
    scores.closerToTraining = o.closerToTraining;
  }
  let copies = 0;
  for (const key of rowKeys(synthetic, columns)) if (realKeys.has(key)) copies++;
  scores.exactCopies = copies;
  scores.exactCopyShare = synthetic.rows === 0 ? 0 : copies / synthetic.rows;
  return { scores, synthDcr, randomDcr };
}

/**
 * Evaluates tables read by `readCsvTable`.
 *
 * @example
 * const result = evaluateTables(await readCsvTable("real.csv"), await readCsvTable("synth.csv"));
 * console.log(result.quality.score, result.privacy.dcrBaselineProtection);
 */
export function evaluateTables(realTable: RawTable, syntheticTable: RawTable, holdoutTable?: RawTable, options: EvaluateOptions = {}): Evaluation {
  const opts: Required<EvaluateOptions> = {
    seed: options.seed ?? 0,
    dcrRows: options.dcrRows ?? 1000,
    dcrReferenceRows: options.dcrReferenceRows ?? 20_000,
    baselineRows: options.baselineRows ?? Math.min(syntheticTable.rowCount, 100_000),
  };
  const rng = createRandom(opts.seed).fork("evaluate");
  const info: ColumnInfo[] = describeColumns(realTable);
  const inputs = [{ label: "real", table: realTable }, { label: "synthetic", table: syntheticTable }, ...(holdoutTable ? [{ label: "holdout", table: holdoutTable }] : [])];
  const [real, synthetic, holdout] = encodeTables(info, inputs) as [EncodedTable, EncodedTable, EncodedTable | undefined];
  const dcrColumns = info.map((c, i) => ({ c, i })).filter(({ c }) => c.sdtype !== "id" && c.sdtype !== "other").map(({ i }) => i);
  if (dcrColumns.length === 0) {
    throw new MimicError("EVAL_COLUMNS_MISMATCH", "The real table has no numerical, datetime or categorical column to compare (only identifiers or free text).");
  }
  const baseline = independentBaseline(real, Math.max(1, opts.baselineRows), rng.fork("baseline"));
  const realKeys = new Set(rowKeys(real, dcrColumns));
  const quality = qualityScores(info, real, synthetic, rng.fork("quality"));
  const privacy = privacyScores(real, synthetic, holdout, dcrColumns, realKeys, opts, rng.fork("privacy"));
  const baselineQuality = qualityScores(info, real, baseline, rng.fork("quality"));
  const baselinePrivacy = privacyScores(real, baseline, holdout, dcrColumns, realKeys, opts, rng.fork("privacy-baseline"));
  return {
    version: EVALUATION_VERSION,
    rows: { real: real.rows, synthetic: synthetic.rows, ...(holdout ? { holdout: holdout.rows } : {}), baseline: baseline.rows },
    columns: info.map((c) => ({ name: c.name, sdtype: c.sdtype })),
    quality,
    privacy: privacy.scores,
    baseline: { quality: baselineQuality, privacy: baselinePrivacy.scores },
    plots: { columns: columnPlots(info, real, synthetic), correlation: correlationPlot(info, real, synthetic), dcr: dcrHistogram(privacy.synthDcr, privacy.randomDcr) },
  };
}
