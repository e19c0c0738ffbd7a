// Issue 21, branch i21b (docs/model.md "Copies beyond chance: where they came from"): a synthetic
// row copies a real row as often as the model gives that row's values probability. A model that
// learnt nothing of which rows were in its training part gives training and held-out rows the same
// probability on average; drawing between raw quantiles did not — a value a training row holds came
// out more often than a held-out row's value. These tests read the probabilities off the fitted
// model exactly (no sampling): the mass an integer value gets, averaged over the training rows and
// over the held-out rows of five 80/20 splits of disasters, and its ratio.
import { beforeAll, describe, expect, it } from "vitest";
import { asNumbers, asText, fitModel, readCsvTable, splitTable, type RawTable } from "./index.js";
import { marginalCdf } from "./internal/marginals.js";
import type { ContinuousColumn, Marginal } from "./model-types.js";
import { vegaPath } from "./test-support/vega.js";

/** Probability that a value drawn from `m` rounds to the integer `v`. */
function integerMass(m: Marginal, min: number, max: number, v: number): number {
  return marginalCdf(m, min, max, v + 0.5) - marginalCdf(m, min, max, v - 0.5);
}

interface Ratios {
  /** P(Year) from the Year marginal: training rows' mean / held-out rows' mean. */
  year: number;
  /** P(Deaths given Entity) from the copula's hierarchy contexts. */
  deathsGivenEntity: number;
}

function ratios(table: RawTable): Ratios {
  const sum = { T: [0, 0], H: [0, 0] },
    count = { T: [0, 0], H: [0, 0] };
  for (let seed = 1; seed <= 5; seed++) {
    const { fit, holdout } = splitTable(table, Math.round(table.rowCount * 0.2), seed);
    const { model } = fitModel(fit, undefined, { method: "copula" });
    const year = model.columns.find((c) => c.name === "Year") as ContinuousColumn;
    const entity = model.columns.find((c) => c.name === "Entity");
    const draw = model.hierarchy?.find((h) => h.column === "Deaths");
    if (year.marginal.family !== "empirical" || entity?.kind !== "categorical" || !draw) throw new Error("disasters is no longer fitted as these tests assume");
    for (const [part, t] of [
      ["T", fit],
      ["H", holdout],
    ] as const) {
      const e = asText(t.columns[0]!),
        y = asNumbers(t.columns[1]!).values,
        d = asNumbers(t.columns[2]!).values;
      for (let i = 0; i < t.rowCount; i++) {
        sum[part][0]! += integerMass(year.marginal, year.min, year.max, y[i]!);
        count[part][0]!++;
        const key = entity.values.indexOf(e.dictionary[e.codes[i]!]!);
        const context = draw.contexts.find((c) => c.key.length === 1 && c.key[0] === key);
        if (!context?.quantiles) continue;
        const q = context.quantiles;
        sum[part][1]! += integerMass({ family: "empirical", quantiles: q }, q[0]!, q[q.length - 1]!, d[i]!);
        count[part][1]!++;
      }
    }
  }
  const ratio = (k: number): number => sum.T[k]! / count.T[k]! / (sum.H[k]! / count.H[k]!);
  return { year: ratio(0), deathsGivenEntity: ratio(1) };
}

describe("training rows are no likelier than held-out rows (disasters, five 80/20 splits)", () => {
  let r: Ratios;
  beforeAll(async () => {
    r = ratios(await readCsvTable(vegaPath("disasters.csv")));
  }, 60_000);

  it("the Year marginal gives a training row's year no more mass than a held-out row's (was 1.18×)", () => {
    expect(r.year).toBeLessThan(1.08);
  });

  it("the copula's Deaths-given-Entity contexts likewise (was 1.5×)", () => {
    expect(r.deathsGivenEntity).toBeLessThan(1.25);
  });
});
