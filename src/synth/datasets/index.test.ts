import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import { compileSchema, loadSchemaFile } from "../schema/index.js";
import { generate, textLines } from "./test-support/rows.js";
import {
  DATABASE_DATASET_LOADERS,
  DATABASE_DATASETS,
  DATASET_CATALOG,
  DATASET_LOADERS,
  DATASETS,
  dataset,
  getDataset,
  listDatasets,
  loadDatabaseDataset,
  loadDataset,
} from "./index.js";

describe("dataset registry", () => {
  it("catalogs every dataset's name, summary and options as the dataset itself has them", () => {
    const all = [...listDatasets(), ...DATABASE_DATASETS.values()];
    expect(DATASET_CATALOG.map((d) => ({ name: d.name, summary: d.summary, options: d.options, multiTable: d.multiTable === true }))).toEqual(
      all.map((d) => ({ name: d.name, summary: d.summary, options: d.options, multiTable: d.multiTable === true })),
    );
  });

  it("loads each dataset lazily by the same names, in the same order, as the eager registry", async () => {
    expect([...DATASET_LOADERS.keys()]).toEqual([...DATASETS.keys()]);
    for (const name of DATASETS.keys()) expect(await loadDataset(name)).toBe(DATASETS.get(name));
    expect([...DATABASE_DATASET_LOADERS.keys()]).toEqual([...DATABASE_DATASETS.keys()]);
    for (const name of DATABASE_DATASETS.keys()) expect(await loadDatabaseDataset(name)).toBe(DATABASE_DATASETS.get(name));
    // A dataset of several tables is not one table: asking for it as one says what to do instead.
    await expect(loadDataset("coffee-shop")).rejects.toMatchObject({ code: "CLI_BAD_FLAG", message: expect.stringContaining("--out a folder") });
    await expect(loadDataset("coffee")).rejects.toMatchObject({ code: "DATASET_UNKNOWN", message: expect.stringContaining("coffee-sales, addresses") });
  });

  it("lists the built-in datasets with documented options", () => {
    expect(listDatasets().map((d) => d.name)).toEqual(["coffee-sales", "addresses", "demographics", "iot"]);
    for (const dataset of listDatasets()) {
      expect(dataset.summary.length).toBeGreaterThan(20);
      for (const option of dataset.options) {
        expect(option.name).toMatch(/^[a-z][a-z-]*$/);
        expect(option.description.length).toBeGreaterThan(10);
        // Every default is accepted by the dataset itself.
        expect(() => dataset.build({ [option.name]: option.default }, 1)).not.toThrow();
      }
    }
    expect(DATASETS.get("addresses")).toBe(getDataset("addresses"));
  });

  it("dataset() is getDataset().build() with seed 42 by default", () => {
    const a = dataset("coffee-sales");
    const b = getDataset("coffee-sales").build({}, 42);
    expect(textLines(a, [a.generateChunk(0, 20)], 20)).toEqual(textLines(b, [b.generateChunk(0, 20)], 20));
  });

  it("names the datasets there are when asked for an unknown one", () => {
    expect(() => getDataset("coffee")).toThrow(MimicError);
    expect(() => getDataset("coffee")).toThrow(/choose one of coffee-sales, addresses, demographics, iot, coffee-shop/);
    expect(() => getDataset("coffee-shop")).toThrow(/several tables/);
  });

  it("builds generators whose chunks have the shape's columns", () => {
    for (const dataset of listDatasets()) {
      const table = dataset.build({}, "seed-as-text");
      const batch = table.generateChunk(1, 10);
      expect(batch.length).toBe(10);
      expect(batch.chunkIndex).toBe(1);
      expect(batch.columns).toHaveLength(table.shape.columns.length);
    }
  });

  it("documents every option with its default in docs/datasets.md", () => {
    const doc = readFileSync(new URL("../../../docs/datasets.md", import.meta.url), "utf8");
    for (const dataset of [...listDatasets(), ...DATABASE_DATASETS.values()]) {
      expect(doc).toContain(`## ${dataset.name}`);
      for (const option of dataset.options) expect(doc, option.name).toContain(`| \`--${option.name}\` | \`${option.default}\` |`);
    }
  });

  it.each(["coffee-sales", "addresses", "demographics"])("%s.yaml is a plain schema file that `--schema` can run", (name) => {
    const file = new URL(`./${name}/${name}.yaml`, import.meta.url).pathname;
    const loaded = loadSchemaFile(file);
    const fromFile = compileSchema(loaded.schema, { seed: 42, baseDir: loaded.baseDir });
    const builtIn = getDataset(name).build({}, 42);
    expect(fromFile.shape).toEqual(builtIn.shape);
    const [a, b] = [textLines(fromFile, generate(fromFile, 300), 300), textLines(builtIn, generate(builtIn, 300), 300)];
    // The built-in calibrates demographics' age-dependent shares and addresses' city-size-dependent
    // property types; every column that does not depend on those is identical.
    const calibrated: string[] = (
      {
        "coffee-sales": [],
        addresses: ["unit", "property_type", "assessed_value"],
        demographics: ["marital_status", "race", "religion", "political_affiliation"],
      } as Record<string, string[]>
    )[name]!;
    const keep = builtIn.shape.columns.map((c, i) => (calibrated.includes(c.name) ? -1 : i)).filter((i) => i >= 0);
    const pick = (lines: string[]): string[][] => lines.map((l) => keep.map((i) => l.split(" | ")[i]!));
    expect(pick(a)).toEqual(pick(b));
    if (name === "coffee-sales") expect(a).toEqual(b);
  });
});
