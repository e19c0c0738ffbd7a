// `--where "state=CA"`: rows drawn from the copula *given* the condition, exactly. A category is an
// interval of the normal scale, so the conditioned coordinate is a truncated normal drawn by
// inverse CDF (never rejected), and the other coordinates follow the conditional Gaussian, moved
// by the category's shifts where the model has them (the real rows' means, category-shifts.ts).
import { MimicError } from "../../errors/index.js";
import type { Random } from "../../random/index.js";
import { cholesky, choleskyProduct } from "../../numeric/index.js";
import { invert, multiply, sub, transpose, type Matrix } from "../../numeric/index.js";
import { normalCdfFast, normalQuantileFast } from "../../numeric/index.js";
import { formatDatetime } from "./internal/datetime-format.js";
import type { Model } from "./model-types.js";

/** One `column=value` condition, resolved to the column's interval on the normal scale. */
export interface Condition {
  column: string;
  /** Index of the column in the copula. */
  index: number;
  /** Index of the fixed value in the column's values. */
  valueIndex: number;
  lo: number;
  hi: number;
  /** The category's shifts (CategoricalColumn.shifts), per copula column, if the model has them. */
  shift?: readonly number[];
  /**
   * Set when the condition is on a column this one determines (`--where type=Food`, product
   * determining type): `valueIndex` is −1 and the coordinate is drawn on the union of the allowed
   * values' intervals; each code maps to the nearest allowed one (guarding the interval edges).
   */
  intervals?: readonly { lo: number; hi: number }[];
  nearestAllowed?: Int32Array;
  /** Columns fixed along with this one (the determined columns the user named). */
  fixes?: readonly { column: string; valueIndex: number }[];
}

type ConditionColumn = Model["columns"][number];

/** The column's values as `--where` spells them (datetimes in their format, numbers as text). */
function labelsOf(column: ConditionColumn): string[] | undefined {
  if (column.kind === "categorical") return column.values;
  if (column.kind === "discrete") return column.values.map((v) => (column.datetimeFormat ? formatDatetime(v, column.datetimeFormat) : String(v)));
  return undefined;
}

/** `"New York, NY"` → `New York, NY` (CSV style: `""` inside is one quote); other text unchanged. */
function unquote(text: string): string | undefined {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : undefined;
}

/** Index of `value` among the column's values: as written, trimmed, or unquoted; -1 if none. */
function valueIndexOf(column: ConditionColumn, value: string): number {
  const labels = labelsOf(column);
  if (!labels) return -1;
  const trimmed = value.trim();
  const unquoted = unquote(trimmed);
  for (const candidate of [value, trimmed, ...(unquoted === undefined ? [] : [unquoted])]) {
    const i = labels.indexOf(candidate);
    if (i >= 0) return i;
  }
  if (column.kind === "discrete" && trimmed !== "") return column.values.indexOf(Number(unquoted ?? trimmed));
  return -1;
}

/** Splits `text` at commas outside double quotes. */
function splitCommas(text: string): string[] {
  const pieces: string[] = [];
  let quoted = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * The `column=value` clauses of one `--where` flag. The whole text after the first `=` is the
 * value when the column has it (`city=New York, NY`); otherwise commas outside double quotes
 * separate clauses, and a piece without `=` continues the previous clause's value
 * (`city=New York, NY,state=CA`). A value in double quotes is taken as it is (`city="a=b, c"`).
 */
export function splitClauses(model: Model, flag: string): string[] {
  const eq = flag.indexOf("=");
  if (eq > 0) {
    const column = model.columns.find((c) => c.name === flag.slice(0, eq).trim());
    if (column && valueIndexOf(column, flag.slice(eq + 1)) >= 0) return [flag.trim()];
  }
  const clauses: string[] = [];
  for (const piece of splitCommas(flag)) {
    if (clauses.length > 0 && !piece.includes("=")) clauses[clauses.length - 1] += "," + piece;
    else clauses.push(piece);
  }
  return clauses.map((c) => c.trim()).filter(Boolean);
}

/**
 * Parses `col=value` conditions (each flag may hold several, comma-separated; see `splitClauses`
 * for values that contain commas) against a model.
 *
 * @example
 * parseConditions(model, ["Origin=USA", "Cylinders=8", "city=New York, NY"]);
 */
export function parseConditions(model: Model, clauses: readonly string[]): Condition[] {
  const out: Condition[] = [];
  for (const clause of clauses.flatMap((c) => splitClauses(model, c))) {
    const eq = clause.indexOf("=");
    if (eq <= 0) throw new MimicError("MODEL_BAD_CONDITION", `--where "${clause}" is not column=value; for example --where "Origin=USA".`);
    const name = clause.slice(0, eq).trim();
    const value = clause.slice(eq + 1).trim();
    const column = model.columns.find((c) => c.name === name);
    if (!column) throw new MimicError("MODEL_BAD_CONDITION", `--where names "${name}", which is not a column of the model (${model.columns.map((c) => JSON.stringify(c.name)).join(", ")}).`);
    if (column.kind !== "categorical" && column.kind !== "discrete") {
      throw new MimicError("MODEL_BAD_CONDITION", `--where "${name}" is a ${column.kind} column; conditions work on categorical columns and numbers with few distinct values.`);
    }
    const labels = labelsOf(column)!;
    const valueIndex = valueIndexOf(column, value);
    if (valueIndex < 0) {
      const shown = labels.slice(0, 12).map((l) => JSON.stringify(l)).join(", ") + (labels.length > 12 ? `, … (${labels.length} in all)` : "");
      throw new MimicError(
        "MODEL_BAD_CONDITION",
        `--where ${name}=${value}: ${JSON.stringify(unquote(value) ?? value)} never occurs in "${name}"; give one of its values exactly (a value with a comma as it is, or in double quotes: ${name}="a, b"): ${shown}.`,
      );
    }
    if (out.some((c) => c.column === name)) throw new MimicError("MODEL_BAD_CONDITION", `--where sets "${name}" twice; give each column one value.`);
    const computed = model.constraints?.find((k) => k.type === "arithmetic" && k.target === name);
    if (computed && computed.type === "arithmetic") {
      throw new MimicError("MODEL_BAD_CONDITION", `--where "${name}": ${name} is computed as ${computed.left} ${computed.op} ${computed.right} on every row; condition on those columns instead.`);
    }
    let cum = 0;
    for (let i = 0; i < valueIndex; i++) cum += column.probabilities[i]!;
    const top = cum + column.probabilities[valueIndex]!;
    out.push({
      column: name,
      index: model.copula.columns.indexOf(name),
      valueIndex,
      lo: cum <= 0 ? Number.NEGATIVE_INFINITY : normalQuantileFast(cum),
      hi: top >= 1 - 1e-12 ? Number.POSITIVE_INFINITY : normalQuantileFast(top),
      ...(column.kind === "categorical" && column.shifts ? { shift: column.shifts[valueIndex]! } : {}),
    });
  }
  // Refused here, before any file is written, when no value at the top of a chain fits.
  resolveConditions(model, out);
  return out;
}

/**
 * The conditions as the sampler draws them: those on a column another determines become
 * conditions on the top of its chain (`throughMappings`); others are unchanged.
 */
export function resolveConditions(model: Model, conditions: readonly Condition[]): readonly Condition[] {
  return conditions.length > 0 && model.constraints?.some((k) => k.type === "determines") ? throughMappings(model, conditions) : conditions;
}

type FiniteColumn = Extract<ConditionColumn, { kind: "categorical" | "discrete" }>;

/**
 * Conditions on columns that another determines become conditions on the column at the top of
 * their chain (`type=Food` → product ∈ {the food products}), so the rows drawn keep the mapping
 * and the copula's dependence on the chosen values. Conditions on one chain intersect.
 */
function throughMappings(model: Model, conditions: readonly Condition[]): Condition[] {
  const parent = new Map<string, { from: string; mapping: (number | null)[] }>();
  for (const k of model.constraints ?? []) if (k.type === "determines") parent.set(k.to, k);
  const byRoot = new Map<string, { allowed: Uint8Array; fixes: { column: string; valueIndex: number }[]; direct: Condition | undefined }>();
  const columnOf = (name: string): FiniteColumn => model.columns.find((c) => c.name === name) as FiniteColumn;
  for (const c of conditions) {
    const chain = [c.column];
    while (parent.has(chain[chain.length - 1]!)) chain.push(parent.get(chain[chain.length - 1]!)!.from);
    const root = chain[chain.length - 1]!;
    const rootColumn = columnOf(root);
    let entry = byRoot.get(root);
    if (!entry) byRoot.set(root, (entry = { allowed: new Uint8Array(rootColumn.values.length).fill(1), fixes: [], direct: undefined }));
    if (chain.length === 1) {
      entry.direct = c;
      entry.allowed.forEach((_, a) => (entry.allowed[a] = entry.allowed[a]! && a === c.valueIndex ? 1 : 0));
      continue;
    }
    entry.fixes.push({ column: c.column, valueIndex: c.valueIndex });
    for (let a = 0; a < entry.allowed.length; a++) {
      let v: number | null = a;
      for (let step = chain.length - 2; step >= 0 && v !== null; step--) v = parent.get(chain[step]!)!.mapping[v] ?? null;
      if (v !== c.valueIndex) entry.allowed[a] = 0;
    }
  }
  const out: Condition[] = [];
  for (const [root, entry] of byRoot) {
    if (entry.direct && entry.fixes.length === 0) {
      out.push(entry.direct);
      continue;
    }
    const column = columnOf(root);
    const allowed = [...entry.allowed.keys()].filter((a) => entry.allowed[a]);
    const asked = [...(entry.direct ? [entry.direct] : []), ...entry.fixes.map((f) => ({ column: f.column, valueIndex: f.valueIndex }))].map((f) => `${f.column}=${labelsOf(columnOf(f.column))![f.valueIndex]}`).join(", ");
    if (allowed.length === 0) {
      throw new MimicError("MODEL_BAD_CONDITION", `--where ${asked}: no value of "${root}" gives ${entry.fixes.length + (entry.direct ? 1 : 0) > 1 ? "all of these" : "this"} (${root} determines ${entry.fixes.map((f) => f.column).join(", ")} in the model); drop or change a condition.`);
    }
    out.push(unionCondition(model, column, allowed, entry.fixes));
  }
  return out;
}

/** A condition drawing `column` among the `allowed` values (indices into its values). */
function unionCondition(model: Model, column: FiniteColumn, allowed: readonly number[], fixes: readonly { column: string; valueIndex: number }[]): Condition {
  const cum = [0];
  for (const p of column.probabilities) cum.push(cum[cum.length - 1]! + p);
  const z = (u: number): number => (u <= 0 ? Number.NEGATIVE_INFINITY : u >= 1 - 1e-12 ? Number.POSITIVE_INFINITY : normalQuantileFast(u));
  const intervals: { lo: number; hi: number }[] = [];
  for (let i = 0; i < allowed.length; i++) {
    let j = i;
    while (j + 1 < allowed.length && allowed[j + 1] === allowed[j]! + 1) j++;
    intervals.push({ lo: z(cum[allowed[i]!]!), hi: z(cum[allowed[j]! + 1]!) });
    i = j;
  }
  const nearestAllowed = Int32Array.from({ length: column.values.length }, (_, v) => allowed.reduce((best, a) => (Math.abs(a - v) < Math.abs(best - v) ? a : best), allowed[0]!));
  const weight = allowed.reduce((s, a) => s + column.probabilities[a]!, 0);
  const shifts = column.kind === "categorical" ? column.shifts : undefined;
  const shift = shifts ? shifts[0]!.map((_, j) => allowed.reduce((s, a) => s + (column.probabilities[a]! / weight) * shifts[a]![j]!, 0)) : undefined;
  return {
    column: column.name,
    index: model.copula.columns.indexOf(column.name),
    valueIndex: allowed.length === 1 ? allowed[0]! : -1,
    lo: intervals[0]!.lo,
    hi: intervals[intervals.length - 1]!.hi,
    ...(intervals.length > 1 ? { intervals } : {}),
    nearestAllowed,
    fixes,
    ...(shift ? { shift } : {}),
  };
}

/** A standard normal truncated to [lo, hi], by inverse CDF: exact, and one draw per value. */
function truncatedNormal(rng: Random, mean: number, sd: number, lo: number, hi: number): number {
  const a = normalCdfFast((lo - mean) / sd), b = normalCdfFast((hi - mean) / sd);
  const z = normalQuantileFast(a + rng.next() * (b - a));
  return Math.min(hi, Math.max(lo, mean + sd * z));
}

/** A standard normal truncated to a union of intervals: pick an interval by its mass, then inverse CDF within it. */
function truncatedNormalUnion(rng: Random, mean: number, sd: number, intervals: readonly { lo: number; hi: number }[]): number {
  const a = intervals.map((iv) => normalCdfFast((iv.lo - mean) / sd));
  const mass = intervals.map((iv, k) => normalCdfFast((iv.hi - mean) / sd) - a[k]!);
  const total = mass.reduce((s, m) => s + m, 0);
  let u = rng.next() * total;
  let k = 0;
  while (k < intervals.length - 1 && u >= mass[k]!) u -= mass[k++]!;
  const z = normalQuantileFast(Math.min(1 - 1e-16, a[k]! + Math.min(u, mass[k]!)));
  return Math.min(intervals[k]!.hi, Math.max(intervals[k]!.lo, mean + sd * z));
}

/** Draws copula vectors given conditions: fills `z` column-major (`z[j * rows + row]`), as `normals` is laid out. */
export interface ConditionalSampler {
  fill(rng: Random, normals: Float64Array, z: Float64Array, rows: number): void;
}

/** Gibbs sweeps for several conditioned coordinates at once (one coordinate is drawn exactly). */
const GIBBS_SWEEPS = 12;

export function conditionalSampler(correlation: Matrix, conditions: readonly Condition[]): ConditionalSampler {
  const k = correlation.length;
  const fixed = conditions.map((c) => c.index);
  const rest = [...Array(k).keys()].filter((i) => !fixed.includes(i));
  const scc = sub(correlation, fixed, fixed);
  const src = sub(correlation, rest, fixed);
  const sccInv = invert(scc);
  const a = multiply(src, sccInv); // E[z_R | z_C] = A z_C
  const explained = multiply(a, transpose(src));
  const s = sub(correlation, rest, rest).map((row, i) => row.map((x, j) => x - explained[i]![j]!));
  const l = rest.length > 0 ? cholesky(s) ?? cholesky(s.map((row, i) => row.map((x, j) => (i === j ? x + 1e-9 : x)))) : [];
  if (!l) throw new MimicError("MODEL_INVALID", "The model's correlation matrix cannot be conditioned on; refit the model with `mimic fit`.");
  const precisionDiag = sccInv.map((row, i) => row[i]!);
  // Where the real rows of the chosen category lie off the copula's straight line (see
  // category-shifts.ts). Several conditions: the mean of their shifts, which never pushes a column
  // further than any one of them says (two related conditions, say species and island, would
  // otherwise count the same difference twice).
  const shifted = conditions.filter((c) => c.shift !== undefined);
  const offset = rest.map((j) => shifted.reduce((sum, c) => sum + c.shift![j]!, 0) / Math.max(1, shifted.length));
  const m = fixed.length, r = rest.length;
  const lFlat = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j <= i; j++) lFlat[i * r + j] = l[i]![j]!;
  // Scratch reused by every chunk: the conditioned coordinates, and the noise of the others.
  let zcAll = new Float64Array(0);
  let noise = new Float64Array(0);
  return {
    fill(rng, normals, z, rows) {
      if (zcAll.length < m * rows) zcAll = new Float64Array(m * rows);
      if (noise.length < r * rows) noise = new Float64Array(r * rows);
      const zc = new Float64Array(m);
      for (let row = 0; row < rows; row++) {
        // Start each chain at the interval's centre, then sweep.
        for (let i = 0; i < m; i++) {
          const c = conditions[i]!;
          zc[i] = Number.isFinite(c.lo) && Number.isFinite(c.hi) ? (c.lo + c.hi) / 2 : Number.isFinite(c.lo) ? c.lo + 0.5 : Number.isFinite(c.hi) ? c.hi - 0.5 : 0;
        }
        const sweeps = m === 1 ? 1 : GIBBS_SWEEPS;
        for (let sweep = 0; sweep < sweeps; sweep++) {
          for (let i = 0; i < m; i++) {
            let mean = 0;
            for (let j = 0; j < m; j++) if (j !== i) mean -= sccInv[i]![j]! * zc[j]!;
            mean /= precisionDiag[i]!;
            const c = conditions[i]!;
            zc[i] = c.intervals ? truncatedNormalUnion(rng, mean, Math.sqrt(1 / precisionDiag[i]!), c.intervals) : truncatedNormal(rng, mean, Math.sqrt(1 / precisionDiag[i]!), c.lo, c.hi);
          }
        }
        for (let i = 0; i < m; i++) {
          zcAll[i * rows + row] = zc[i]!;
          z[fixed[i]! * rows + row] = zc[i]!;
        }
      }
      // The other coordinates, column by column down contiguous memory (as the unconditional
      // sampler does): L·ε, plus A·z_C, plus the shifts.
      choleskyProduct(lFlat, r, normals, noise, rows);
      for (let i = 0; i < r; i++) {
        const out = z.subarray(rest[i]! * rows, rest[i]! * rows + rows);
        out.set(noise.subarray(i * rows, i * rows + rows));
        addTerms(out, a[i]!, zcAll, offset[i]!, rows);
      }
    },
  };
}

/** out[row] += offset + Σ_j a_j · zc_j[row], one pass per conditioned coordinate. */
function addTerms(out: Float64Array, a: readonly number[], zcAll: Float64Array, offset: number, rows: number): void {
  for (let row = 0; row < rows; row++) out[row] = out[row]! + offset;
  for (let j = 0; j < a.length; j++) {
    const aj = a[j]!;
    const zj = zcAll.subarray(j * rows, j * rows + rows);
    for (let row = 0; row < rows; row++) out[row] = out[row]! + aj * zj[row]!;
  }
}
