// Calibration of categorical columns that depend on another variable: the schema says, per band
// of that variable (an age band, a city-size band), how much more or less likely each value is
// (`cases[].scale`); calibration turns that into per-band weights whose mixture over the
// variable's distribution gives back exactly the column's overall shares. This is iterative
// proportional fitting (raking) of a band × value table to both margins.
import type { CategoricalColumn, CategoricalCase } from "../../schema/types.js";
import { normalCdf } from "../../../numeric/index.js";

/** The distribution of whole-year ages: age = asOfYear − round(Normal(mean, sd)). */
export interface AgeModel {
  meanYear: number;
  sdYear: number;
  asOfYear: number;
}

/** A discrete distribution of a named variable: value → probability (summing to 1). */
export interface VariableDistribution {
  name: string;
  probabilities: ReadonlyMap<number, number>;
}

/**
 * Returns a copy of `column` whose `values` and `cases` carry calibrated weights (`weights`
 * instead of `scale`). Every case must be a simple age condition such as `age < 30`.
 *
 * @example
 * calibrateByAge({ kind: "categorical", values: { Single: 33, Married: 67 },
 *   cases: [{ when: "age < 30", scale: { Single: 3 } }] }, { meanYear: 1975, sdYear: 10, asOfYear: 2025 });
 */
export function calibrateByAge(column: CategoricalColumn, model: AgeModel): CategoricalColumn {
  return calibrate(column, ageDistribution(model));
}

/** Probability of each whole age under the model (±12 SD, so the mass missed is below 1e-30). */
export function ageDistribution(model: AgeModel): VariableDistribution {
  const probabilities = new Map<number, number>();
  const lo = Math.floor(model.asOfYear - model.meanYear - 12 * model.sdYear);
  const hi = Math.ceil(model.asOfYear - model.meanYear + 12 * model.sdYear);
  for (let age = lo; age <= hi; age++) {
    const year = model.asOfYear - age;
    const p = normalCdf((year + 0.5 - model.meanYear) / model.sdYear) - normalCdf((year - 0.5 - model.meanYear) / model.sdYear);
    probabilities.set(age, p);
  }
  return { name: "age", probabilities };
}

/**
 * Calibrates `column` against the distribution of the variable its cases test. Every case must be
 * a simple condition on that variable, such as `city_population >= 1000000`.
 *
 * @example
 * calibrate({ kind: "categorical", values: { Condo: 10, House: 90 },
 *   cases: [{ when: "size >= 2", scale: { Condo: 3 } }] }, { name: "size", probabilities: new Map([[1, 0.5], [2, 0.5]]) });
 */
export function calibrate(column: CategoricalColumn, variable: VariableDistribution): CategoricalColumn {
  const target = column.values;
  if (target === undefined || Array.isArray(target)) throw new Error("calibrate needs `values` as a map value → share");
  const labels = Object.keys(target);
  const shares = normalise(labels.map((l) => (target as Record<string, number>)[l] ?? 0));
  const cases = column.cases ?? [];
  const conditions = cases.map((c) => parseCondition(c.when, variable.name));
  // Band probabilities under first-match semantics; the last band is "no case matched".
  const bandProb = new Array<number>(cases.length + 1).fill(0);
  for (const [value, p] of variable.probabilities) {
    const band = conditions.findIndex((holds) => holds(value));
    bandProb[band === -1 ? cases.length : band]! += p;
  }
  const table = bandProb.map((_, b) => labels.map((label, k) => shares[k]! * (b < cases.length ? scaleOf(cases[b]!, label) : 1)));
  rake(table, bandProb, shares);
  const toMap = (row: readonly number[]): Record<string, number> =>
    Object.fromEntries(labels.map((label, k) => [label, Number((row[k]! * 100).toPrecision(8))]));
  const calibratedCases: CategoricalCase[] = cases.map((c, b) => ({ when: c.when, weights: toMap(table[b]!) }));
  return { ...column, values: toMap(table[cases.length]!), cases: calibratedCases };
}

function scaleOf(c: CategoricalCase, label: string): number {
  if (c.weights !== undefined) throw new Error(`calibrated case "${c.when}" must use scale, not weights`);
  return (c.scale ?? {})[label] ?? 1;
}

function parseCondition(when: string, variable: string): (value: number) => boolean {
  const m = /^\s*([A-Za-z_]\w*)\s*(<=|>=|<|>|==)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(when);
  if (m === null || m[1] !== variable) {
    throw new Error(`calibrated case "${when}" must be a simple condition on ${variable} such as "${variable} < 30"`);
  }
  const n = Number(m[3]);
  switch (m[2]) {
    case "<":
      return (a) => a < n;
    case "<=":
      return (a) => a <= n;
    case ">":
      return (a) => a > n;
    case ">=":
      return (a) => a >= n;
    default:
      return (a) => a === n;
  }
}

/** Scales rows to sum 1 and columns to the target margin, alternately, until both hold. */
function rake(table: number[][], rowMass: readonly number[], columnTarget: readonly number[]): void {
  for (let iteration = 0; iteration < 1000; iteration++) {
    for (const row of table) {
      const sum = row.reduce((s, v) => s + v, 0);
      if (sum > 0) for (let k = 0; k < row.length; k++) row[k]! /= sum;
    }
    let worst = 0;
    for (let k = 0; k < columnTarget.length; k++) {
      const mass = table.reduce((s, row, b) => s + rowMass[b]! * row[k]!, 0);
      worst = Math.max(worst, Math.abs(mass - columnTarget[k]!));
      if (mass > 0) for (const row of table) row[k]! *= columnTarget[k]! / mass;
    }
    if (worst < 1e-12) break;
  }
  for (const row of table) {
    const sum = row.reduce((s, v) => s + v, 0);
    if (sum > 0) for (let k = 0; k < row.length; k++) row[k]! /= sum;
  }
}

function normalise(values: readonly number[]): number[] {
  const sum = values.reduce((s, v) => s + v, 0);
  return values.map((v) => v / sum);
}
