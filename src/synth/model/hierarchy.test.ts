import { afterAll, describe, expect, it } from "vitest";
import { fitModel } from "./fit.js";
import { readCsvTable } from "./internal/read-csv.js";
import { validateModel } from "./model-file.js";
import { modelGenerator } from "./sampler.js";
import { tempDir } from "./test-support/temp-csv.js";
import type { ColumnVector } from "../batch.js";
import type { Model } from "./model-types.js";
import { MimicError } from "../../errors/index.js";

/** The problems a refused model file lists (empty when it loads). */
function problems(data: unknown): string[] {
  try {
    validateModel(data);
    return [];
  } catch (e) {
    if (!(e instanceof MimicError) || e.code !== "MODEL_INVALID") throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

const tmp = tempDir();
afterAll(() => tmp.remove());

/**
 * Geography as zipcodes has it: 6 states, county names that recur across states (so neither
 * column determines the other), cities given the state and county, a latitude given the state.
 */
function placesCsv(rows: number): { csv: string; triples: Set<string> } {
  let s = 11;
  const rand = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ["state,county,city,latitude,noise"];
  const triples = new Set<string>();
  for (let i = 0; i < rows; i++) {
    const state = Math.floor(rand() * 6);
    // Each state has 4 of 8 county names, shifted by state: county 3 is in states 0–3, and so on.
    const county = (state + Math.floor(rand() * 4)) % 8;
    // City names recur too (as "Springfield" does), so no column determines another.
    const city = `town${(state * 5 + county * 2 + Math.floor(rand() * 3)) % 11}`;
    triples.add(`S${state},K${county},${city}`);
    lines.push(`S${state},K${county},${city},${(30 + state * 3 + rand() * 2).toFixed(3)},${(rand() * 100).toFixed(1)}`);
  }
  return { csv: lines.join("\n") + "\n", triples };
}

function text(v: ColumnVector): string[] {
  const d = v.values as { kind: "dictionary"; codes: Uint32Array; dictionary: readonly string[] };
  return Array.from(d.codes, (c) => d.dictionary[c]!);
}

function sampleRows(model: Model, rows: number): { triples: string[]; latitude: Float64Array; state: string[] } {
  const gen = modelGenerator(model, { seed: 3 });
  const batch = gen.generateChunk(0, rows);
  const at = (n: string): ColumnVector => batch.columns[model.columns.findIndex((c) => c.name === n)]!;
  const state = text(at("state")),
    county = text(at("county")),
    city = text(at("city"));
  const lat = at("latitude").values;
  const grid = lat as unknown as { codes: Uint32Array; dictionary: readonly string[] };
  const latitude = lat instanceof Float64Array ? lat : Float64Array.from(grid.codes, (c) => Number(grid.dictionary[c]));
  return { triples: state.map((st, i) => `${st},${county[i]},${city[i]}`), latitude, state };
}

describe("hierarchical drawing", () => {
  it("draws a county given its state and a city given both, keeping real combinations where one correlation per pair cannot", async () => {
    const { csv, triples } = placesCsv(6000);
    const table = await readCsvTable(tmp.file("places.csv", csv));
    const { model } = fitModel(table);
    const drawn = new Map((model.hierarchy ?? []).map((h) => [h.column, h.given]));
    expect(drawn.get("county")).toEqual(["state"]);
    expect(drawn.get("city")).toEqual(["state", "county"]);
    expect(drawn.get("latitude")).toContain("state");
    expect(drawn.has("noise")).toBe(false);
    const real = (rows: string[]): number => rows.filter((t) => triples.has(t)).length / rows.length;
    const withHierarchy = sampleRows(model, 5000);
    expect(real(withHierarchy.triples)).toBeGreaterThan(0.99);
    // Each state's latitude band (30 + 3·state to +2) is kept.
    const inBand = withHierarchy.state.filter((st, i) => {
      const lo = 30 + Number(st.slice(1)) * 3;
      return withHierarchy.latitude[i]! >= lo && withHierarchy.latitude[i]! <= lo + 2;
    }).length;
    expect(inBand / 5000).toBeGreaterThan(0.97);
    // The same table without it: the copula combines most states, counties and cities that never met.
    const { model: flat } = fitModel(table, undefined, { hierarchy: false });
    expect(flat.hierarchy).toBeUndefined();
    expect(real(sampleRows(flat, 5000).triples)).toBeLessThan(0.5);
  });

  it("keeps a context only when seen on enough rows, and the file checks every context", async () => {
    const { csv } = placesCsv(6000);
    const { model } = fitModel(await readCsvTable(tmp.file("places2.csv", csv)));
    const city = model.hierarchy!.find((h) => h.column === "city")!;
    // 6 states × 4 counties, each on ~250 rows: every full context and every state alone.
    expect(city.contexts.filter((c) => c.key.length === 2)).toHaveLength(24);
    const copy = JSON.parse(JSON.stringify(model)) as Model;
    expect(validateModel(copy).hierarchy).toHaveLength(model.hierarchy!.length);
    const edited = JSON.parse(JSON.stringify(model)) as Record<string, unknown> & { hierarchy: { contexts: { key: number[] }[] }[] };
    edited.hierarchy[0]!.contexts[0]!.key = [99];
    expect(problems(edited)).toEqual([expect.stringMatching(/^hierarchy\[0\]: contexts\[0\]\.key must list/)]);
    const reordered = JSON.parse(JSON.stringify(model)) as Record<string, unknown> & { hierarchy: unknown[] };
    reordered.hierarchy.reverse();
    expect(problems(reordered).join("\n")).toMatch(/is drawn given others after/);
    // Files written before hierarchical drawing (no `hierarchy`) still load and sample.
    const older = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
    delete older["hierarchy"];
    expect(() => modelGenerator(validateModel(older), { seed: 1 }).generateChunk(0, 100)).not.toThrow();
  });
});
