// `mimic evaluate`: quality, validity and privacy of a synthetic table against the real one,
// each next to the same score for an independent-columns baseline, so a user sees what the
// model added (correlations) and what it cost (closeness to real rows).
import { MimicError } from "../../errors/index.js";
import type { RawTable } from "../model/index.js";
import { createRandom, type Random } from "../../random/index.js";
import { columnPlots, correlationPlot, dcrHistogram, type ColumnPlot, type CorrelationPlot } from "./plots.js";
import {
  baselineProtection,
  closestDistances,
  copiesAgainstChance,
  dcrSpace,
  median,
  membershipAdvantage,
  nearestRows,
  overfittingNoise,
  pooledOverfitting,
  randomBaseline,
  rowMatrix,
  subsample,
  type CopyChance,
} from "./privacy.js";
import { qualityScores, type QualityScores } from "./quality.js";
import { copiedRows, countCopies, indexRows, type RowIndex } from "./row-index.js";
import { defaultTargets, utilityScores, utilityScoresOfEach, type TargetPredictions, type UtilityScore } from "./utility.js";
import { detectRelationships, type FactColumn } from "../../analytics/relationships/index.js";
import { describeColumns, encodeTables, type ColumnInfo, type EncodedTable, type InvalidValues } from "./table.js";

export const EVALUATION_VERSION = 1;

/** Synthetic rows whose DCR is measured, and real rows each is compared with (EvaluateOptions' defaults). */
const DCR_ROWS = 1000;
const DCR_REFERENCE_ROWS = 5_000;

export interface EvaluateOptions {
  /** Seeds every subsample and the random baselines (default 0): same inputs, same scores. */
  seed?: number;
  /** Synthetic rows whose DCR is measured (default 1,000). */
  dcrRows?: number;
  /** Real rows each is compared with (default 5,000; all rows of smaller tables). */
  dcrReferenceRows?: number;
  /** Rows of the independent-columns baseline (default: as many as the synthetic table, ≤ 100,000). */
  baselineRows?: number;
  /**
   * Utility targets (TSTR vs TRTR, utility.ts), measured only with a holdout table. Absent: every
   * category column with 2–20 values; empty: none.
   */
  targets?: readonly string[];
  /** Called as the evaluation moves from one whole-table step to the next, for a progress bar. */
  onStep?: (done: number, total: number) => void;
}

/** The options with their defaults filled in (the progress callback is not a setting). */
type Settings = Required<Omit<EvaluateOptions, "onStep" | "targets">>;

export interface PrivacyScores {
  /** SDMetrics' DCRBaselineProtection: min(1, median DCR synthetic / median DCR random). */
  dcrBaselineProtection: number;
  medianDcr: number;
  medianDcrRandom: number;
  /**
   * SDMetrics' DCROverfittingProtection (only with a holdout table): against as many training
   * rows as holdout rows, so a generator that does not memorise scores 1 whatever the split.
   */
  dcrOverfittingProtection?: number;
  closerToTraining?: number;
  /**
   * With a holdout: the range (2.5%–97.5%) a generator that learnt nothing of which rows were
   * training scores on these same rows (their training/holdout labels shuffled), and the share of
   * shuffles at or below the score (privacy.ts `overfittingNoise`). With ~70 holdout rows the
   * range reaches down to ~0.8: a score inside it is no evidence of memorised rows.
   */
  dcrOverfittingNoise?: { low: number; high: number; pValue: number };
  /** With a holdout: the same rate of exact copies for the holdout's rows against the training rows (what real data does). */
  holdoutExactCopyShare?: number;
  /**
   * With a holdout: synthetic rows that copy a training row against those that copy a held-out
   * row, and what chance gives (privacy.ts `copiesAgainstChance`): the test of memorised rows
   * that the holdout's own rate cannot be where the real rows never repeat (a key such as
   * entity × year), since unseen rows are then copied by chance too.
   */
  copies?: CopyChance;
  /** With a holdout: DCR baseline protection of the holdout's own rows (what faithful data scores). */
  holdoutDcrBaselineProtection?: number;
  /** With a holdout: advantage (TPR − FPR, 0–1) of a distance-threshold membership-inference attack (privacy.ts). */
  membershipAdvantage?: number;
  /** Synthetic rows equal to some real row on every compared column. */
  exactCopies: number;
  exactCopyShare: number;
  dcrRows: number;
  dcrReferenceRows: number;
}

export interface Evaluation {
  version: typeof EVALUATION_VERSION;
  rows: { real: number; synthetic: number; holdout?: number; baseline: number };
  columns: { name: string; sdtype: string; inferred: string }[];
  /**
   * Columns of the synthetic (or holdout) table with values that are not of the real column's
   * type (text in a number or date column): each is reported, and in the synthetic table they
   * lower the column's scores as mismatches (never dropped as nulls).
   */
  invalidValues: InvalidValues[];
  quality: QualityScores;
  privacy: PrivacyScores;
  /** With a holdout: per target, macro-F1 on the held-out real rows trained on synthetic vs on real rows. */
  utility?: UtilityScore[];
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

/** What the DCR of every evaluated table is measured against, computed once. */
interface DcrReference {
  space: ReturnType<typeof dcrSpace>;
  reference: Float64Array;
  randomDcr: Float64Array;
  holdout?: {
    matrix: Float64Array;
    /** As many training rows as holdout rows, for the overfitting and membership comparisons. */
    matched: Float64Array;
    /** The holdout's own DCR baseline protection and exact-copy share. */
    ownProtection: number;
    ownCopyShare: number;
    /** Every holdout row, to count synthetic rows that copy one (what chance alone gives). */
    rows: RowIndex;
    training: number;
  };
}

function dcrReference(
  real: EncodedTable,
  holdout: EncodedTable | undefined,
  columns: number[],
  options: Settings,
  rng: Random,
  realRows: RowIndex,
): DcrReference {
  const refRows = subsample(real.rows, options.dcrReferenceRows, rng.fork("reference"));
  const space = dcrSpace(real, columns);
  const reference = rowMatrix(real, columns, refRows);
  const random = randomBaseline(real, columns, options.dcrRows, rng.fork("random"));
  const out: DcrReference = { space, reference, randomDcr: closestDistances(random, reference, space) };
  if (holdout) {
    const holdRows = subsample(holdout.rows, options.dcrReferenceRows, rng.fork("holdout"));
    const matrix = rowMatrix(holdout, columns, holdRows);
    // A 20% holdout is a quarter of the training rows: compared with all of them a synthetic row
    // would mostly be closer to training by the numbers alone, so both sides get as many rows.
    const matched = rowMatrix(real, columns, subsample(real.rows, holdRows.length, rng.fork("matched")));
    const own = subsample(holdout.rows, options.dcrRows, rng.fork("holdout-own"));
    const ownDcr = closestDistances(rowMatrix(holdout, columns, own), reference, space);
    out.holdout = {
      matrix,
      matched,
      ownProtection: baselineProtection(ownDcr, out.randomDcr),
      ownCopyShare: countCopies(realRows, holdout) / holdout.rows,
      rows: indexRows(holdout, columns),
      training: real.rows,
    };
  }
  return out;
}

function privacyScores(
  synthetic: EncodedTable,
  ref: DcrReference,
  columns: number[],
  realRows: RowIndex,
  options: Settings,
  rng: Random,
): { scores: PrivacyScores; synthDcr: Float64Array } {
  const synthRows = subsample(synthetic.rows, options.dcrRows, rng.fork("synthetic"));
  const synthMatrix = rowMatrix(synthetic, columns, synthRows);
  const synthDcr = closestDistances(synthMatrix, ref.reference, ref.space);
  const copiedTraining = copiedRows(realRows, synthetic);
  let copies = 0;
  for (const c of copiedTraining) copies += c;
  const scores: PrivacyScores = {
    dcrBaselineProtection: baselineProtection(synthDcr, ref.randomDcr),
    medianDcr: median(synthDcr),
    medianDcrRandom: median(ref.randomDcr),
    exactCopies: copies,
    exactCopyShare: synthetic.rows === 0 ? 0 : copies / synthetic.rows,
    dcrRows: synthRows.length,
    dcrReferenceRows: ref.reference.length / Math.max(1, columns.length),
  };
  if (ref.holdout) {
    // Nearest rows among the matched training rows followed by the holdout rows: the score, and
    // the same with the labels shuffled for its noise.
    const training = ref.holdout.matched.length / columns.length;
    const pool = new Float64Array(ref.holdout.matched.length + ref.holdout.matrix.length);
    pool.set(ref.holdout.matched);
    pool.set(ref.holdout.matrix, ref.holdout.matched.length);
    const nearest = nearestRows(synthMatrix, pool, ref.space);
    const o = pooledOverfitting(nearest, (r) => r < training);
    const noise = overfittingNoise(nearest, training, pool.length / columns.length, o.score, rng.fork("overfitting-noise"));
    scores.dcrOverfittingNoise = noise;
    scores.holdoutExactCopyShare = ref.holdout.ownCopyShare;
    scores.copies = copiesAgainstChance(copiedTraining, copiedRows(ref.holdout.rows, synthetic), ref.holdout.training, ref.holdout.rows.table.rows);
    scores.holdoutDcrBaselineProtection = ref.holdout.ownProtection;
    // Each real row's distance to the nearest synthetic row: members (training) against outsiders (holdout).
    scores.membershipAdvantage = membershipAdvantage(
      closestDistances(ref.holdout.matched, synthMatrix, ref.space),
      closestDistances(ref.holdout.matrix, synthMatrix, ref.space),
    );
    scores.dcrOverfittingProtection = o.score;
    scores.closerToTraining = o.closerToTraining;
  }
  return { scores, synthDcr };
}

/** Rows every evaluated table needs (the real, synthetic and holdout one alike): as CSV_EMPTY says. */
export const MIN_EVALUATION_ROWS = 2;

/**
 * Refuses a table with fewer than two data rows, with CSV_EMPTY as for a file without rows: a
 * single row has no distribution, correlation or spread to compare.
 */
export function requireRows(table: RawTable, what: string): void {
  if (table.rowCount < MIN_EVALUATION_ROWS) {
    throw new MimicError(
      "CSV_EMPTY",
      `${what} has ${table.rowCount} data row${table.rowCount === 1 ? "" : "s"}; give at least two rows (a single row has no distribution or correlation to compare).`,
    );
  }
}

/**
 * The columns distances are measured on, categories first: a mismatch adds a whole 1 to the
 * distance, so the closest-record search can give up on a far row after a few columns (the mean
 * over columns does not depend on order).
 */
function distanceColumns(info: readonly ColumnInfo[], real: EncodedTable): number[] {
  const columns = info
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.sdtype !== "id" && c.sdtype !== "other")
    .sort((a, b) => Number(real.columns[a.i]!.kind === "number") - Number(real.columns[b.i]!.kind === "number") || a.i - b.i)
    .map(({ i }) => i);
  if (columns.length === 0) {
    throw new MimicError(
      "EVAL_COLUMNS_MISMATCH",
      "The real table has no numerical, datetime or categorical column to compare (only identifiers or free text).",
    );
  }
  return columns;
}

/** The real, synthetic and held-out tables encoded on the real table's columns, for the holdout-only scores below. */
function encodeWithHoldout(realTable: RawTable, syntheticTable: RawTable, holdoutTable: RawTable) {
  const info = describeColumns(realTable);
  const [real, synthetic, holdout] = encodeTables(info, [
    { label: "real", table: realTable },
    { label: "synthetic", table: syntheticTable },
    { label: "holdout", table: holdoutTable },
  ]) as [EncodedTable, EncodedTable, EncodedTable];
  return { info, real, synthetic, holdout };
}

/**
 * The privacy scores of `evaluateTables` with a holdout, alone (no quality, baseline or plots):
 * for `fit --method auto`, which weighs each method's closeness to its training rows.
 */
export function holdoutPrivacy(realTable: RawTable, syntheticTable: RawTable, holdoutTable: RawTable, seed: number): PrivacyScores {
  const opts: Settings = { seed, dcrRows: DCR_ROWS, dcrReferenceRows: DCR_REFERENCE_ROWS, baselineRows: 0 };
  const { info, real, synthetic, holdout } = encodeWithHoldout(realTable, syntheticTable, holdoutTable);
  const rng = createRandom(seed).fork("evaluate");
  const columns = distanceColumns(info, real);
  const realRows = indexRows(real, columns);
  const ref = dcrReference(real, holdout, columns, opts, rng.fork("privacy"), realRows);
  return privacyScores(synthetic, ref, columns, realRows, opts, rng.fork("privacy")).scores;
}

/**
 * Only the exact copies of `holdoutPrivacy`: the synthetic rows that copy a training row, their
 * share, and the test against copies of held-out rows — for `fit --method auto`, which counts
 * copies on a larger sample than it measures distances on.
 */
export function holdoutCopies(
  realTable: RawTable,
  syntheticTable: RawTable,
  holdoutTable: RawTable,
): Pick<PrivacyScores, "exactCopies" | "exactCopyShare" | "copies"> {
  const { info, real, synthetic, holdout } = encodeWithHoldout(realTable, syntheticTable, holdoutTable);
  const columns = distanceColumns(info, real);
  const copiedTraining = copiedRows(indexRows(real, columns), synthetic);
  const copies = copiedTraining.reduce((sum, c) => sum + c, 0);
  return {
    exactCopies: copies,
    exactCopyShare: synthetic.rows === 0 ? 0 : copies / synthetic.rows,
    copies: copiesAgainstChance(copiedTraining, copiedRows(indexRows(holdout, columns), synthetic), real.rows, holdout.rows),
  };
}

/**
 * The utility scores of `evaluateTables` with a holdout (its default targets, learners and
 * subsample caps, the same random streams), for several synthetic tables at once: each target's
 * learner on the real rows (TRTR) is fitted once and shared — for `fit --method auto`, which
 * weighs the TSTR of both methods' samples. One list per synthetic table.
 */
export function holdoutUtility(
  realTable: RawTable,
  syntheticTables: readonly RawTable[],
  holdoutTable: RawTable,
  seed: number,
  onPredictions?: (p: TargetPredictions) => void,
): UtilityScore[][] {
  const info = describeColumns(realTable);
  const [real, holdout, ...synthetics] = encodeTables(info, [
    { label: "real", table: realTable },
    { label: "holdout", table: holdoutTable },
    ...syntheticTables.map((table, k) => ({ label: `synthetic ${k + 1}`, table })),
  ]);
  const rng = createRandom(seed).fork("evaluate").fork("utility");
  return utilityScoresOfEach(info, real!, synthetics, holdout!, defaultTargets(info, real!), rng, onPredictions);
}

/**
 * Evaluates tables read by `readCsvTable`.
 *
 * @example
 * const result = evaluateTables(await readCsvTable("real.csv"), await readCsvTable("synth.csv"));
 * console.log(result.quality.score, result.privacy.dcrBaselineProtection);
 */
export function evaluateTables(realTable: RawTable, syntheticTable: RawTable, holdoutTable?: RawTable, options: EvaluateOptions = {}): Evaluation {
  const opts: Settings = {
    seed: options.seed ?? 0,
    dcrRows: options.dcrRows ?? DCR_ROWS,
    dcrReferenceRows: options.dcrReferenceRows ?? DCR_REFERENCE_ROWS,
    baselineRows: options.baselineRows ?? Math.min(syntheticTable.rowCount, 100_000),
  };
  requireRows(realTable, "The real table");
  requireRows(syntheticTable, "The synthetic table");
  if (holdoutTable) requireRows(holdoutTable, "The holdout table");
  if (!holdoutTable && options.targets !== undefined && options.targets.length > 0)
    throw new MimicError(
      "EVAL_BAD_TARGET",
      "--target measures utility on held-out real rows; give them with --holdout (e.g. the <model>.holdout.csv of `mimic fit --holdout 20%`).",
    );
  const rng = createRandom(opts.seed).fork("evaluate");
  const info: ColumnInfo[] = describeColumns(realTable);
  const inputs = [
    { label: "real", table: realTable },
    { label: "synthetic", table: syntheticTable },
    ...(holdoutTable ? [{ label: "holdout", table: holdoutTable }] : []),
  ];
  const [real, synthetic, holdout] = encodeTables(info, inputs) as [EncodedTable, EncodedTable, EncodedTable | undefined];
  const steps = 7;
  let step = 0;
  const stepDone = (): void => options.onStep?.(++step, steps);
  stepDone();
  const dcrColumns = distanceColumns(info, real);
  const baseline = independentBaseline(real, Math.max(1, opts.baselineRows), rng.fork("baseline"));
  const realRows = indexRows(real, dcrColumns);
  const ref = dcrReference(real, holdout, dcrColumns, opts, rng.fork("privacy"), realRows);
  stepDone();
  // The real table's exact relationships (as fit finds them), each checked on the synthetic rows.
  const decimals = info.map((c) => {
    const raw = realTable.columns.find((r) => r.name === c.name);
    return raw?.storage === "numeric" ? (raw.significant !== undefined ? 12 : raw.decimals) : 0;
  });
  const facts = (table: EncodedTable): FactColumn[] =>
    info.flatMap((c, i): FactColumn[] => {
      const col = table.columns[i]!;
      if (c.sdtype === "other") return [];
      return col.kind === "number"
        ? [{ name: c.name, kind: "numbers", values: col.values, decimals: decimals[i]!, datetime: c.sdtype === "datetime" }]
        : [{ name: c.name, kind: "codes", codes: col.codes, nullCode: -1 }];
    });
  const relationships = detectRelationships(facts(real), real.rows, { groupIds: info.filter((c) => c.sdtype === "id").map((c) => c.name) });
  stepDone();
  const quality = qualityScores(info, real, synthetic, rng.fork("quality"), relationships, facts);
  stepDone();
  const privacy = privacyScores(synthetic, ref, dcrColumns, realRows, opts, rng.fork("privacy"));
  stepDone();
  const baselineQuality = qualityScores(info, real, baseline, rng.fork("quality"), relationships, facts);
  stepDone();
  const baselinePrivacy = privacyScores(baseline, ref, dcrColumns, realRows, opts, rng.fork("privacy-baseline"));
  const utility = holdout ? utilityScores(info, real, synthetic, holdout, options.targets ?? defaultTargets(info, real), rng.fork("utility")) : undefined;
  stepDone();
  return {
    version: EVALUATION_VERSION,
    rows: { real: real.rows, synthetic: synthetic.rows, ...(holdout ? { holdout: holdout.rows } : {}), baseline: baseline.rows },
    columns: info.map((c) => ({ name: c.name, sdtype: c.sdtype, inferred: c.inferred })),
    invalidValues: [...(synthetic.invalid ?? []), ...(holdout?.invalid ?? [])],
    quality,
    privacy: privacy.scores,
    ...(utility ? { utility } : {}),
    baseline: { quality: baselineQuality, privacy: baselinePrivacy.scores },
    plots: {
      columns: columnPlots(info, real, synthetic),
      correlation: correlationPlot(info, real, synthetic),
      dcr: dcrHistogram(privacy.synthDcr, ref.randomDcr),
    },
  };
}
