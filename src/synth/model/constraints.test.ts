// fit keeps what is exact in a table: on mimic's own coffee-sales (menu relations, amount =
// price × quantity, baskets under one transaction id), every sampled row keeps every relation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MimicError } from "../../errors/index.js";
import type { ColumnBatch, ColumnVector } from "../batch.js";
import { coffeeSales } from "../datasets/coffee-sales.js";
import { createChunkEncoder } from "../writers/index.js";
import { parseConditions } from "./conditions.js";
import { fitModel } from "./fit.js";
import { readCsvTable, type RawTable } from "./internal/read-csv.js";
import { parseMetadata } from "./metadata.js";
import { validateModel } from "./model-file.js";
import { MODEL_FORMAT_VERSION, type Model } from "./model-types.js";
import { modelGenerator } from "./sampler.js";
import { tempDir } from "./test-support/temp-csv.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

const REAL_ROWS = 30_000;
let table: RawTable;
let model: Model;
let real: Record<string, string>[];

function cells(v: ColumnVector, i: number): string {
  if (v.nulls?.[i]) return "";
  const x = v.values;
  if (Array.isArray(x)) return String(x[i]);
  if (x instanceof Float64Array || x instanceof Uint8Array) return String(x[i]);
  return x.dictionary[x.codes[i]!]!;
}

/** Rows of batches as objects of text (numbers as the writers' words or plain numbers). */
function rowsOf(names: readonly string[], batches: readonly ColumnBatch[]): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const b of batches) for (let i = 0; i < b.length; i++) out.push(Object.fromEntries(names.map((n, j) => [n, cells(b.columns[j]!, i)])));
  return out;
}

function sample(m: Model, rows: number, seed: number, where: string[] = []): Record<string, string>[] {
  const gen = modelGenerator(m, { seed, conditions: parseConditions(m, where) });
  const batches: ColumnBatch[] = [];
  for (let c = 0; c * gen.chunkSize < rows; c++) batches.push(gen.generateChunk(c, Math.min(gen.chunkSize, rows - c * gen.chunkSize)));
  return rowsOf(
    gen.shape.columns.map((c) => c.name),
    batches,
  );
}

/** The real menu: product → its one value of each column it determines. */
function menu(rows: readonly Record<string, string>[], column: string): Map<string, string> {
  return new Map(rows.map((r) => [r["product"]!, Number(r[column]).toString()]));
}

beforeAll(async () => {
  const gen = coffeeSales.build({}, 11);
  const encoder = createChunkEncoder("csv", gen.shape);
  const parts: Buffer[] = [Buffer.from(gen.shape.columns.map((c) => c.name).join(",") + "\n")];
  for (let c = 0; c * gen.chunkSize < REAL_ROWS; c++) parts.push(encoder.encode(gen.generateChunk(c, Math.min(gen.chunkSize, REAL_ROWS - c * gen.chunkSize))));
  const text = Buffer.concat(parts);
  table = await readCsvTable(tmp.file("coffee.csv", text));
  model = fitModel(table).model;
  // coffee-sales quotes every text field and has no comma inside one.
  const [header, ...lines] = text.toString("utf8").trimEnd().split("\n");
  const names = header!.split(",");
  real = lines.map((line) => Object.fromEntries(line.split(",").map((v, j) => [names[j]!, v.replace(/^"|"$/g, "")])));
});

describe("exact relationships on coffee-sales", () => {
  it("finds the menu, the arithmetic and the baskets, with their support", () => {
    const { relationships } = fitModel(table);
    const texts = relationships.map((r) => r.text);
    for (const t of [
      "product -> price",
      "product -> calories",
      "product -> type",
      "amount = price * quantity",
      "group by transaction_id (constant: date, time, payment_type)",
    ])
      expect(texts).toContain(t);
    expect(relationships.every((r) => r.support >= 0.99)).toBe(true);
    expect(model.version).toBe(MODEL_FORMAT_VERSION);
    expect(model.constraints?.map((c) => c.type).sort()).toEqual(["arithmetic", "determines", "determines", "determines", "determines", "group"]);
    // The basket id is said to be one per group, not "regenerated unique" (which the baskets contradict).
    const idNotice = model.notices.find((n) => n.column === "transaction_id");
    expect(idNotice?.message).toContain("one per group");
  });

  it("keeps every relation in every sampled row", () => {
    const rows = sample(model, 40_000, 3);
    for (const column of ["price", "calories", "type", "product_id"]) {
      const truth = column === "type" || column === "product_id" ? new Map(real.map((r) => [r["product"]!, r[column]!])) : menu(real, column);
      const off = rows.filter((r) => (column === "type" || column === "product_id" ? r[column] : Number(r[column]).toString()) !== truth.get(r["product"]!));
      expect(off.length, `${column} off the menu`).toBe(0);
    }
    expect(rows.filter((r) => Math.abs(Number(r["amount"]) - Number(r["price"]) * Number(r["quantity"])) > 0.005)).toEqual([]);
    // Baskets: consecutive rows under one id, of sizes the real table has, sharing date, time and payment.
    const realSizes = new Set(sizes(real));
    const synthetic = sizes(rows);
    expect(synthetic.every((n) => realSizes.has(n))).toBe(true);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(synthetic)).toBeCloseTo(mean(sizes(real)), 1);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!,
        b = rows[i]!;
      if (a["transaction_id"] !== b["transaction_id"]) continue;
      expect([b["date"], b["time"], b["payment_type"]]).toEqual([a["date"], a["time"], a["payment_type"]]);
    }
    const runs = rows.filter((r, i) => i === 0 || r["transaction_id"] !== rows[i - 1]!["transaction_id"]).map((r) => r["transaction_id"]);
    expect(new Set(runs).size).toBe(runs.length);
  });

  it("honours --where on a column another determines: the determining column is drawn among the values that give it", () => {
    const food = new Set(real.filter((r) => r["type"] === "Food").map((r) => r["product"]));
    const rows = sample(model, 5000, 4, ["type=Food"]);
    expect(rows.every((r) => r["type"] === "Food" && food.has(r["product"]))).toBe(true);
    expect(new Set(rows.map((r) => r["product"])).size).toBe(food.size);
    const mocha = sample(model, 2000, 5, ["product=Mocha"]);
    expect(new Set(mocha.map((r) => `${r["type"]} ${Number(r["price"])}`))).toEqual(new Set([`Drink ${menu(real, "price").get("Mocha")}`]));
    const err = (() => {
      try {
        parseConditions(model, ["product=Mocha", "type=Food"]);
      } catch (e) {
        return e as MimicError;
      }
      return undefined;
    })();
    expect(err?.code).toBe("MODEL_BAD_CONDITION");
    expect(err?.message).toContain("no value of");
  });

  it("lets the metadata drop a relationship, and refuses a declared one the data contradicts, with rows", () => {
    const names = table.columns.map((c) => c.name);
    const dropped = fitModel(table, parseMetadata({ constraints: [{ drop: "amount = price * quantity" }, { drop: "group by transaction_id" }] }, names)).model;
    expect(dropped.constraints?.some((c) => c.type === "arithmetic" || c.type === "group")).toBe(false);
    const none = fitModel(table, parseMetadata({ constraints: [{ drop: "all" }] }, names)).model;
    expect(none.constraints).toBeUndefined();
    const wrong = (() => {
      try {
        fitModel(table, parseMetadata({ constraints: ["payment_type -> product"] }, names));
      } catch (e) {
        return e as MimicError;
      }
      return undefined;
    })();
    expect(wrong?.code).toBe("MODEL_CONSTRAINT_CONTRADICTED");
    expect(wrong?.issues[0]?.message).toMatch(/does not hold on [\d,]+ row\(s\), e\.g\. data row\(s\) \d+/);
    const missing = (() => {
      try {
        parseMetadata({ constraints: ["prodcut -> price"] }, names);
      } catch (e) {
        return e as MimicError;
      }
      return undefined;
    })();
    expect(missing?.code).toBe("MODEL_BAD_METADATA");
    expect(missing?.issues[0]?.message).toContain('did you mean "product"?');
  });

  it("declares a relationship the data keeps, and samples it", () => {
    const names = table.columns.map((c) => c.name);
    const declared = fitModel(table, parseMetadata({ constraints: [{ drop: "all" }, "product -> type"] }, names)).model;
    expect(declared.constraints).toEqual([expect.objectContaining({ type: "determines", from: "product", to: "type", exceptions: 0 })]);
  });
});

describe("model file", () => {
  it("reads version 1 files (no constraints) and refuses constraints that do not fit the columns", () => {
    // Version 1 and 2 files have no method (copulas); version 1 no constraints either.
    const { constraints: _, method: __, ...rest } = model;
    expect(validateModel({ ...rest, version: 1 }).version).toBe(1);
    expect(() => validateModel({ ...model, method: undefined, version: 1 })).toThrow(expect.objectContaining({ code: "MODEL_INVALID" }) as Error);
    const bad = JSON.parse(JSON.stringify(model)) as Model;
    const d = bad.constraints!.find((c) => c.type === "determines")!;
    if (d.type === "determines") d.mapping = [0];
    expect(() => validateModel(bad)).toThrow(expect.objectContaining({ code: "MODEL_INVALID" }) as Error);
  });
});

function sizes(rows: readonly Record<string, string>[]): number[] {
  const out: number[] = [];
  let n = 0;
  rows.forEach((r, i) => {
    if (i > 0 && r["transaction_id"] !== rows[i - 1]!["transaction_id"]) {
      out.push(n);
      n = 0;
    }
    n++;
  });
  out.push(n);
  return out;
}
