// The quality scores of one synthetic table against the real one: column shapes, column-pair
// trends (with and without SDMetrics' real-association thresholds) and validity.
import type { Random } from "../../random/index.js";
import { binEdges, columnPearson, contingencySimilarity, correlationSimilarity, cramersV, digitize } from "./pairs.js";
import { subsample } from "./privacy.js";
import { ksComplement, tvComplement } from "./shapes.js";
import type { ColumnInfo, EncodedTable } from "./table.js";
import { checkRelationships, relationshipText, type DetectedRelationship, type FactColumn } from "../../analytics/relationships/index.js";
import { boundaryAdherence, categoryAdherence, keyUniqueness, missingValueSimilarity } from "./validity.js";

/** SDMetrics' QualityReport thresholds: a pair counts only if the real data shows a trend. */
export const CORRELATION_THRESHOLD = 0.5;
export const ASSOCIATION_THRESHOLD = 0.3;
/** ContingencySimilarity subsamples both tables to this many rows (as SDMetrics' report does). */
export const CONTINGENCY_ROWS = 50_000;

export interface ShapeScore {
  column: string;
  metric: "KSComplement" | "TVComplement";
  score: number;
  /**
   * Share of the synthetic column's non-empty values that are not of the real column's type
   * (text in a number or date column). They are mismatches: `score` is KSComplement of the
   * parsed values × (1 − this share).
   */
  invalidShare?: number;
}

export interface PairScore {
  columns: [string, string];
  metric: "CorrelationSimilarity" | "ContingencySimilarity";
  score: number;
  realCorrelation?: number;
  syntheticCorrelation?: number;
  realAssociation?: number;
  meetsThreshold: boolean;
  /**
   * Set to the column's name when a categorical column of the pair is near-unique (almost one real
   * row per value): Cramér's V is then near 1 whatever the data, so the pair never meets the
   * threshold and is reported apart.
   */
  nearUnique?: string;
}

export interface ValidityScore {
  column: string;
  /** RelationshipKept: the share of synthetic rows keeping one of the real table's exact relationships (`column` is the relationship). */
  metric: "BoundaryAdherence" | "CategoryAdherence" | "MissingValueSimilarity" | "KeyUniqueness" | "RelationshipKept";
  score: number;
}

export interface QualityScores {
  /** Mean of column shapes and thresholded column-pair trends (SDMetrics' overall score). */
  score: number;
  /** The same with every pair counted (SDMetrics before the thresholds). */
  scoreAllPairs: number;
  columnShapes: number;
  columnPairTrends: number;
  columnPairTrendsAllPairs: number;
  /** Pairs that met the threshold (when none does, the thresholded score uses every pair). */
  pairsMeetingThreshold: number;
  validity: number;
  shapes: ShapeScore[];
  pairs: PairScore[];
  validityDetails: ValidityScore[];
  /** Each exact relationship of the real table: the share of real and of synthetic rows keeping it. */
  relationships: RelationshipScore[];
}

export interface RelationshipScore {
  /** As written in a metadata file (`product -> price`). */
  relationship: string;
  type: string;
  real: number;
  synthetic: number;
  /** Synthetic rows it applies to. */
  rows: number;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

const continuous = (c: ColumnInfo): boolean => c.sdtype === "numerical" || c.sdtype === "datetime";
const discrete = (c: ColumnInfo): boolean => c.sdtype === "categorical" || c.sdtype === "boolean";

// What depends on the real table alone (its associations, binned columns; its correlations are
// remembered by columnPearson) is the same when it is compared with the synthetic table and with
// the baseline: computed once.
interface RealSide {
  association: Map<string, number>;
  bins: Map<number, Int32Array>;
  rows?: Uint32Array;
}
const realSides = new WeakMap<EncodedTable, RealSide>();

function realSide(real: EncodedTable): RealSide {
  let side = realSides.get(real);
  if (!side) {
    side = { association: new Map(), bins: new Map() };
    realSides.set(real, side);
  }
  return side;
}

function memo(map: Map<string, number>, key: string, compute: () => number): number {
  let v = map.get(key);
  if (v === undefined) {
    v = compute();
    map.set(key, v);
  }
  return v;
}

/** Share of the non-empty values that are marked invalid. */
function invalidShare(values: Float64Array, invalid: Uint8Array): number {
  let bad = 0,
    present = 0;
  for (let i = 0; i < values.length; i++) {
    if (invalid[i]) bad++;
    if (values[i] === values[i] || invalid[i]) present++;
  }
  return present === 0 ? 0 : bad / present;
}

/** Computes the scores; `rng` drives the ContingencySimilarity subsample only. */
export function qualityScores(
  info: readonly ColumnInfo[],
  real: EncodedTable,
  synthetic: EncodedTable,
  rng: Random,
  relationships: readonly DetectedRelationship[] = [],
  facts?: (table: EncodedTable) => FactColumn[],
): QualityScores {
  const shapes: ShapeScore[] = [];
  const validity: ValidityScore[] = [];
  info.forEach((c, i) => {
    const r = real.columns[i]!,
      s = synthetic.columns[i]!;
    if (r.kind === "number" && s.kind === "number") {
      const bad = s.invalid ? invalidShare(s.values, s.invalid) : 0;
      const ks = ksComplement(r.values, s.values);
      shapes.push({ column: c.name, metric: "KSComplement", score: bad > 0 ? ks * (1 - bad) : ks, ...(bad > 0 ? { invalidShare: bad } : {}) });
      validity.push({ column: c.name, metric: "BoundaryAdherence", score: boundaryAdherence(r.values, s.values, s.invalid) });
      validity.push({ column: c.name, metric: "MissingValueSimilarity", score: missingValueSimilarity(r.values, s.values, s.invalid) });
    } else if (r.kind === "code" && s.kind === "code") {
      if (discrete(c)) {
        shapes.push({ column: c.name, metric: "TVComplement", score: tvComplement(r.codes, s.codes, c.dictionary.length) });
        validity.push({ column: c.name, metric: "CategoryAdherence", score: categoryAdherence(r.codes, s.codes) });
      }
      // A key only when the real column is one: ids shared by a basket's lines are checked as a group (RelationshipKept).
      if (c.sdtype === "id" && keyUniqueness(r.codes) === 1) validity.push({ column: c.name, metric: "KeyUniqueness", score: keyUniqueness(s.codes) });
      else validity.push({ column: c.name, metric: "MissingValueSimilarity", score: missingValueSimilarity(r.codes, s.codes) });
    }
  });

  const checks: RelationshipScore[] =
    relationships.length === 0 || !facts
      ? []
      : checkRelationships(relationships, { columns: facts(real), rows: real.rows }, { columns: facts(synthetic), rows: synthetic.rows }).map((k) => ({
          relationship: relationshipText(k.relationship),
          type: k.relationship.type,
          real: k.real,
          synthetic: k.synthetic,
          rows: k.rows,
        }));
  for (const k of checks) validity.push({ column: k.relationship, metric: "RelationshipKept", score: k.synthetic });

  // Discrete versions of continuous columns, binned on the real column's edges.
  const side = realSide(real);
  const realBins = side.bins,
    synthBins = new Map<number, Int32Array>();
  const codesOf = (table: EncodedTable, bins: Map<number, Int32Array>, i: number): Int32Array => {
    const col = table.columns[i]!;
    if (col.kind === "code") return col.codes;
    let b = bins.get(i);
    if (!b) {
      const realCol = real.columns[i]!;
      b = digitize(col.values, binEdges(realCol.kind === "number" ? realCol.values : col.values));
      bins.set(i, b);
    }
    return b;
  };
  const big = Math.max(real.rows, synthetic.rows) > CONTINGENCY_ROWS;
  if (big && !side.rows && real.rows > CONTINGENCY_ROWS) side.rows = subsample(real.rows, CONTINGENCY_ROWS, rng.fork("real"));
  const realRows = big ? side.rows : undefined;
  const synthRows = big ? subsample(synthetic.rows, CONTINGENCY_ROWS, rng.fork("synthetic")) : undefined;

  const nearUnique = new Set(info.flatMap((_, i) => (isNearUnique(real.columns[i]!) ? [i] : [])));
  const pairs: PairScore[] = [];
  const eligible = info.map((c, i) => ({ c, i })).filter(({ c }) => continuous(c) || discrete(c));
  for (let x = 0; x < eligible.length; x++) {
    for (let y = x + 1; y < eligible.length; y++) {
      const a = eligible[x]!,
        b = eligible[y]!;
      const columns: [string, string] = [a.c.name, b.c.name];
      if (continuous(a.c) && continuous(b.c)) {
        const ra = real.columns[a.i]!,
          rb = real.columns[b.i]!,
          sa = synthetic.columns[a.i]!,
          sb = synthetic.columns[b.i]!;
        if (ra.kind !== "number" || rb.kind !== "number" || sa.kind !== "number" || sb.kind !== "number") continue;
        const rr = columnPearson(ra.values, rb.values);
        const sr = columnPearson(sa.values, sb.values);
        if (Number.isNaN(rr)) continue;
        const srSafe = Number.isNaN(sr) ? 0 : sr;
        // Values that are not numbers (dates) are mismatches here too: the score is scaled by the share of rows that parse.
        const valid = (1 - (sa.invalid ? invalidShare(sa.values, sa.invalid) : 0)) * (1 - (sb.invalid ? invalidShare(sb.values, sb.invalid) : 0));
        pairs.push({
          columns,
          metric: "CorrelationSimilarity",
          score: correlationSimilarity(rr, srSafe) * valid,
          realCorrelation: rr,
          syntheticCorrelation: srSafe,
          meetsThreshold: Math.abs(rr) > CORRELATION_THRESHOLD,
        });
      } else {
        const ra = codesOf(real, realBins, a.i),
          rb = codesOf(real, realBins, b.i);
        const sa = codesOf(synthetic, synthBins, a.i),
          sb = codesOf(synthetic, synthBins, b.i);
        const score = contingencySimilarity(ra, rb, sa, sb, realRows, synthRows);
        const v = memo(side.association, `${a.i},${b.i}`, () => cramersV(ra, rb, realRows));
        const unique = nearUnique.has(a.i) ? a.c.name : nearUnique.has(b.i) ? b.c.name : undefined;
        pairs.push({
          columns,
          metric: "ContingencySimilarity",
          score,
          realAssociation: v,
          meetsThreshold: unique === undefined && !Number.isNaN(v) && v > ASSOCIATION_THRESHOLD,
          ...(unique === undefined ? {} : { nearUnique: unique }),
        });
      }
    }
  }
  const columnShapes = mean(shapes.map((s) => s.score));
  const allPairs = mean(pairs.map((p) => p.score));
  const meeting = pairs.filter((p) => p.meetsThreshold);
  const thresholded = meeting.length > 0 ? mean(meeting.map((p) => p.score)) : allPairs;
  const combine = (trend: number): number => (Number.isNaN(trend) ? columnShapes : Number.isNaN(columnShapes) ? trend : (columnShapes + trend) / 2);
  return {
    score: combine(thresholded),
    scoreAllPairs: combine(allPairs),
    columnShapes,
    columnPairTrends: thresholded,
    columnPairTrendsAllPairs: allPairs,
    pairsMeetingThreshold: meeting.length,
    validity: mean(validity.map((v) => v.score)),
    shapes,
    pairs,
    validityDetails: validity,
    relationships: checks,
  };
}

/** A category column with more than 20 values and at least one value per two real rows (Cramér's V is meaningless there). */
export function isNearUnique(column: EncodedTable["columns"][number]): boolean {
  if (column.kind !== "code") return false;
  const seen = new Set<number>();
  let present = 0;
  for (const c of column.codes)
    if (c >= 0) {
      seen.add(c);
      present++;
    }
  return seen.size > 20 && seen.size * 2 >= present;
}
