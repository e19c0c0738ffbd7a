import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { evaluateTables } from "../evaluate/index.js";
import { openWriter } from "../writers/index.js";
import { fitModel } from "./fit.js";
import { readCsvTable, type RawTable } from "./internal/read-csv.js";
import { validateModel } from "./model-file.js";
import type { ContinuousColumn, Model } from "./model-types.js";
import { applyPrivacy, privacySettings, smoothMarginal } from "./privacy.js";
import { modelGenerator } from "./sampler.js";
import { tempDir } from "./test-support/temp-csv.js";
import { vegaJsonToCsv } from "./test-support/vega.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

describe("--privacy levels", () => {
  it("maps names and strengths to settings, and refuses anything else", () => {
    expect(privacySettings("off")).toEqual({ level: "off", bandwidth: 0, flatten: 0, shrink: 0 });
    expect(privacySettings("max")).toEqual({ level: "max", bandwidth: 0.2, flatten: 0.5, shrink: 0.8 });
    expect(privacySettings("0.5")).toEqual({ ...privacySettings("medium"), level: "0.5" });
    for (const bad of ["extreme", "1.5", "-0.1", "", "0.5x"])
      expect(() => privacySettings(bad)).toThrow(expect.objectContaining({ code: "MODEL_BAD_PRIVACY" }) as Error);
  });

  it("smooths a marginal within its range and keeps its atoms exact", () => {
    // Half the mass at exactly 0 (dry days), the rest spread over (0, 20].
    const quantiles = Array.from({ length: 257 }, (_, i) => (i <= 128 ? 0 : ((i - 128) / 128) ** 2 * 20));
    const column: ContinuousColumn = {
      name: "rain",
      kind: "continuous",
      nullRate: 0,
      integer: false,
      decimals: 1,
      min: 0,
      max: 20,
      marginal: { family: "empirical", quantiles },
      ks: 0,
    };
    const smoothed = smoothMarginal(column, 0.5);
    if (smoothed.marginal.family !== "empirical") throw new Error("expected quantiles");
    const q = smoothed.marginal.quantiles;
    expect(q).toHaveLength(257);
    expect([q[0], q[256]]).toEqual([0, 20]);
    expect(q.every((x, i) => i === 0 || x >= q[i - 1]!)).toBe(true);
    // The atom keeps its mass: about half the quantiles are still exactly 0.
    const zeros = q.filter((x) => x === 0).length;
    expect(zeros).toBeGreaterThanOrEqual(120);
    expect(zeros).toBeLessThanOrEqual(135);
    // The continuous part moved: it is no longer the data's quantiles.
    const moved = q.reduce((d, x, i) => Math.max(d, Math.abs(x - quantiles[i]!)), 0);
    expect(moved).toBeGreaterThan(0.5);
  });
});

describe("the privacy / quality trade-off on vega-datasets' cars (docs/model.md)", () => {
  let real: RawTable;
  let model: Model;
  beforeAll(async () => {
    const path = join(tmp.dir, "cars.csv");
    vegaJsonToCsv("cars.json", path);
    real = await readCsvTable(path);
    model = fitModel(real).model;
  });

  async function scores(level: string): Promise<{ quality: number; dcr: number; copies: number }> {
    const m = applyPrivacy(model, privacySettings(level));
    const generator = modelGenerator(m, { seed: 1 });
    const out = join(tmp.dir, `cars-${level}.csv`);
    const writer = await openWriter({ format: "csv", shape: generator.shape, out });
    await writer.write(generator.generateChunk(0, real.rowCount));
    await writer.close();
    const e = evaluateTables(real, await readCsvTable(out));
    return { quality: e.quality.score, dcr: e.privacy.dcrBaselineProtection, copies: e.privacy.exactCopies };
  }

  it("off leaves the model as fitted; a level is recorded in the model file, which still validates", () => {
    expect(applyPrivacy(model, privacySettings("off"))).toBe(model);
    const high = applyPrivacy(model, privacySettings("high"));
    expect(high.privacy).toEqual({ level: "high", bandwidth: 0.15, flatten: 0.375, shrink: 0.6 });
    expect(validateModel(JSON.parse(JSON.stringify(high)))).toMatchObject({ privacy: { level: "high" } });
    expect(() => validateModel({ ...JSON.parse(JSON.stringify(high)), privacy: { level: "high", shrink: -1 } })).toThrow(
      expect.objectContaining({ code: "MODEL_INVALID" }) as Error,
    );
  });

  it("raises DCR baseline protection at every step, keeps quality ≥ 0.80 and copies no row", async () => {
    const levels = ["off", "low", "medium", "high", "max"];
    const results = [];
    for (const level of levels) results.push(await scores(level));
    for (let i = 1; i < results.length; i++) expect(results[i]!.dcr).toBeGreaterThan(results[i - 1]!.dcr);
    for (const r of results) {
      expect(r.quality).toBeGreaterThanOrEqual(0.8);
      expect(r.copies).toBe(0);
    }
    // The faithful fit is the better model, the strongest level the more private one.
    expect(results[0]!.quality).toBeGreaterThan(0.9);
    expect(results[0]!.dcr).toBeLessThan(0.35);
    expect(results[4]!.dcr).toBeGreaterThan(0.55);
  });
});
