import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileDatabase, compileSchema, validateSchema } from "./compile.js";
import { FUNCTIONS } from "./expr/functions.js";
import { KIND_NAMES } from "./kinds/index.js";
import { columnAll, generateRows } from "./test-support/read.js";

// Every ```yaml block of docs/schema.md is a complete schema: it must validate, compile and
// generate rows, so the reference cannot drift from the implementation.
const doc = readFileSync(new URL("../../../docs/schema.md", import.meta.url), "utf8");
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
const headingOf = (block: string): string => {
  const before = doc.slice(0, doc.indexOf(block));
  return /#+ ([^\n]+)\n(?![\s\S]*\n#+ )/.exec(before)?.[1] ?? "?";
};

describe("docs/schema.md examples", () => {
  it("has an example for every column kind", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(14);
    for (const kind of [
      "sequence",
      "unique",
      "constant",
      "categorical",
      "numeric",
      "date",
      "time",
      "datetime",
      "lookup",
      "expression",
      "switch",
      "template",
      ...KIND_NAMES,
    ]) {
      expect(
        blocks.some((b) => b.includes(`kind: ${kind}`)),
        kind,
      ).toBe(true);
    }
  });

  it("has an example calling every function of the expression language", () => {
    for (const fn of [...Object.keys(FUNCTIONS), "lag", "cumsum"]) {
      expect(
        blocks.some((b) => new RegExp(`\\b${fn}\\(`).test(b)),
        fn,
      ).toBe(true);
    }
  });

  it("the people example of the README agrees within each row and gives unique e-mails", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    expect(readme).toContain("--schema docs/examples/people.yaml");
    const schema: unknown = parse(readFileSync(new URL("../../../docs/examples/people.yaml", import.meta.url), "utf8"));
    expect(validateSchema(schema)).toEqual([]);
    const gen = compileSchema(schema, { seed: 42 });
    const batches = generateRows(gen, 5000);
    const col = (name: string) => columnAll(gen, batches, name) as string[];
    const [name, email] = [col("name"), col("email")];
    expect(new Set(email).size).toBe(5000);
    const lastWord = (n: string) =>
      n
        .split(" ")
        .at(-1)!
        .toLowerCase()
        .replace(/[^a-z]/g, "");
    for (let i = 0; i < 5000; i++)
      expect(
        email[i]!.startsWith(
          name[i]!.split(" ")[0]!
            .toLowerCase()
            .replace(/[^a-z-]/g, ""),
        ) && email[i]!.includes(lastWord(name[i]!)),
      ).toBe(true);
    expect(gen.shape.columns.map((c) => c.name)).toEqual(["id", "gender", "name", "email", "phone", "company", "date_of_birth", "address"]);
  });

  it("the three-table shop of docs/schema.md is docs/examples/shop.yaml, which the README generates", () => {
    const file = readFileSync(new URL("../../../docs/examples/shop.yaml", import.meta.url), "utf8");
    expect(blocks).toContain(file);
  });

  it("unique's int example gives the 8-digit numbers its comment promises", () => {
    const block = blocks.find((b) => b.includes("customer_no:"))!;
    const gen = compileSchema(parse(block), { seed: 1 });
    const column = gen.shape.columns.findIndex((c) => c.name === "customer_no");
    const values = gen.generateChunk(0, 5000).columns[column]!.values as Float64Array;
    for (const v of values) expect(String(v)).toMatch(/^1\d{7}$/);
  });

  it.each(blocks.map((b) => [headingOf(b), b]))("%s: validates, compiles and generates", (_heading, block) => {
    const schema: unknown = parse(block);
    expect(validateSchema(schema)).toEqual([]);
    const tables = Object.keys((schema as { tables: object }).tables);
    if (/kind: (reference|aggregate)/.test(block)) {
      // Related tables are generated together: the first chunk of every family, every table.
      const db = compileDatabase(schema, { seed: 1 });
      const made = db.plan.flatMap((unit) => db.generate(unit));
      expect(new Set(made.map((m) => m.table))).toEqual(new Set(tables));
      for (const { table, batch } of made) {
        expect(batch.columns.length).toBe(db.tables.find((t) => t.name === table)!.columns.length);
        expect(batch.length).toBeGreaterThan(0);
      }
      return;
    }
    for (const table of tables) {
      const gen = compileSchema(schema, { seed: 1, table });
      const batch = gen.generateChunk(0, 50);
      expect(batch.length).toBe(50);
      expect(batch.columns.length).toBe(gen.shape.columns.length);
      for (const col of batch.columns) {
        const v = col.values;
        const n = "codes" in v ? v.codes.length : v.length;
        expect(n).toBe(50);
      }
    }
  });
});
