import { describe, expect, it } from "vitest";
import type { CategoricalColumn } from "../../schema/types.js";
import { normalCdf } from "../../../numeric/index.js";
import { calibrateByAge, type AgeModel } from "./calibrate.js";

const MODEL: AgeModel = { meanYear: 1975, sdYear: 10, asOfYear: 2025 };

/** Probability of each whole age, as the generator draws it: asOf − round(Normal). */
function ageProbabilities(model: AgeModel): Map<number, number> {
  const result = new Map<number, number>();
  for (let year = model.meanYear - 12 * model.sdYear; year <= model.meanYear + 12 * model.sdYear; year++) {
    const p = normalCdf((year + 0.5 - model.meanYear) / model.sdYear) - normalCdf((year - 0.5 - model.meanYear) / model.sdYear);
    result.set(model.asOfYear - year, p);
  }
  return result;
}

/** Overall shares implied by a calibrated column (first-match cases on `age < N` / `age >= N`). */
function impliedShares(column: CategoricalColumn, model: AgeModel): Record<string, number> {
  const total: Record<string, number> = {};
  for (const [age, p] of ageProbabilities(model)) {
    const c = column.cases?.find((k) => {
      const [, op, n] = /age\s*(<|>=)\s*(\d+)/.exec(k.when)!;
      return op === "<" ? age < Number(n) : age >= Number(n);
    });
    const weights = (c?.weights ?? column.values) as Record<string, number>;
    const sum = Object.values(weights).reduce((s, w) => s + w, 0);
    for (const [label, w] of Object.entries(weights)) total[label] = (total[label] ?? 0) + (p * w) / sum;
  }
  return total;
}

const MARITAL: CategoricalColumn = {
  kind: "categorical",
  values: { Married: 50, Single: 33, Unknown: 17 },
  cases: [
    { when: "age < 30", scale: { Single: 3, Married: 0.35 } },
    { when: "age < 50", scale: { Single: 1.2 } },
    { when: "age >= 50", scale: { Single: 0.7, Married: 1.1 } },
  ],
};

describe("normalCdf", () => {
  it("matches reference values to 1e-7", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249978952, 7);
    expect(normalCdf(3)).toBeCloseTo(0.9986501020, 7);
  });
});

describe("calibrateByAge", () => {
  it("keeps the overall shares exactly while the bands differ", () => {
    const calibrated = calibrateByAge(MARITAL, MODEL);
    const shares = impliedShares(calibrated, MODEL);
    expect(shares.Married).toBeCloseTo(0.5, 6);
    expect(shares.Single).toBeCloseTo(0.33, 6);
    expect(shares.Unknown).toBeCloseTo(0.17, 6);
    const young = calibrated.cases![0]!.weights as Record<string, number>;
    const old = calibrated.cases![2]!.weights as Record<string, number>;
    expect(young.Single! / 100).toBeGreaterThan(0.6);
    expect(old.Single! / 100).toBeLessThan(0.33);
    expect(calibrated.cases!.every((c) => c.scale === undefined)).toBe(true);
  });

  it("follows the age model: a younger population still has the overall shares", () => {
    const model = { ...MODEL, meanYear: 2000 };
    const shares = impliedShares(calibrateByAge(MARITAL, model), model);
    expect(shares.Single).toBeCloseTo(0.33, 6);
  });

  it("refuses a case it cannot calibrate", () => {
    const bad: CategoricalColumn = { ...MARITAL, cases: [{ when: "gender == 'Male'", scale: { Single: 2 } }] };
    expect(() => calibrateByAge(bad, MODEL)).toThrow(/simple condition on age/);
  });
});
