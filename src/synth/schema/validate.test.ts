import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMimicError } from "../../errors/index.js";
import { compileSchema, loadSchemaFile, validateSchema } from "./compile.js";

const table = (columns: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({ tables: { t: { columns, ...extra } } });
const codes = (schema: unknown): string[] => validateSchema(schema).map((i) => `${i.path} ${i.code}`);

describe("schema validation", () => {
  it("lists every problem at once, each with a path, a code and a hint", () => {
    const issues = validateSchema({
      data: { menu: { records: [{ product: "Latte", price: 3.5 }] } },
      tables: {
        sales: {
          columns: {
            a: { kind: "numerik", distribution: { name: "normal", mean: 0, sd: 1 } },
            b: { kind: "numeric", distribution: { name: "normal", mean: 0, sd: -1 } },
            c: { kind: "numeric" },
            d: { kind: "expression", expr: "b * quantty" },
            e: { kind: "categorical", values: ["x", "y"], weights: [1] },
            f: { kind: "lookup", data: "menus", key: "e", field: "price" },
            g: { kind: "date", start: "2022-02-30", end: "2022-12-31" },
            h: { kind: "sequence", strat: 1 },
          },
        },
      },
    });
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath["tables.sales.columns.a.kind"]?.message).toMatch(/did you mean "numeric"/);
    expect(byPath["tables.sales.columns.b.distribution.sd"]?.code).toBe("out_of_range");
    expect(byPath["tables.sales.columns.c.distribution"]?.code).toBe("required");
    expect(byPath["tables.sales.columns.d.expr"]?.message).toMatch(/unknown column "quantty"/);
    expect(byPath["tables.sales.columns.e.weights"]?.code).toBe("length_mismatch");
    expect(byPath["tables.sales.columns.f.data"]?.message).toMatch(/did you mean "menu"/);
    expect(byPath["tables.sales.columns.g.start"]?.message).toMatch(/real date/);
    expect(byPath["tables.sales.columns.h.strat"]?.message).toMatch(/did you mean "start"/);
    expect(issues).toHaveLength(8);
    for (const i of issues) expect(i.message.length).toBeGreaterThan(20);
  });

  it("says which key to rename when a distribution is named under another key (type: normal)", () => {
    const issues = validateSchema(table({ x: { kind: "numeric", distribution: { type: "normal", mean: 0, sd: 1 } } }));
    expect(issues.map((i) => `${i.path} ${i.code}`)).toEqual(["tables.t.columns.x.distribution.name required"]);
    expect(issues[0]!.message).toContain("write name: normal instead of type: normal");
  });

  it("reports dependency cycles and scope clashes", () => {
    expect(codes(table({ a: { kind: "expression", expr: "b + 1" }, b: { kind: "expression", expr: "a * 2" } }))).toContain("tables.t.columns.b.expr cycle");
    const scoped = table(
      { x: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 1 } }, y: { kind: "expression", expr: "x * 2", scope: "group" } },
      { group: { size: { name: "constant", value: 2 } } },
    );
    expect(codes(scoped)).toEqual(["tables.t.columns.y.expr scope"]);
    expect(codes(table({ y: { kind: "sequence", scope: "group" } }))).toEqual(["tables.t.columns.y.scope invalid_value"]);
  });

  it("type-checks expressions and conditions", () => {
    const s = table({
      name: { kind: "categorical", values: ["a", "b"] },
      n: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 1 } },
      bad: { kind: "expression", expr: "name * 2" },
      cond: { kind: "categorical", values: ["p", "q"], cases: [{ when: "n + 1", weights: [1, 0] }] },
      syntax: { kind: "expression", expr: "n * (2 + " },
    });
    expect(codes(s)).toEqual([
      "tables.t.columns.bad.expr expression",
      "tables.t.columns.cond.cases[0].when invalid_type",
      "tables.t.columns.syntax.expr syntax",
    ]);
  });

  it("checks correlation matrices and group settings", () => {
    const cols = {
      a: { kind: "numeric", distribution: { name: "normal", mean: 0, sd: 1 } },
      b: { kind: "numeric", distribution: { name: "gamma", shape: 2, scale: 1 } },
      c: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 1 } },
    };
    expect(
      codes(
        table(cols, {
          correlations: [
            {
              columns: ["a", "c"],
              matrix: [
                [1, 1.5],
                [1.5, 1],
              ],
            },
          ],
        }),
      ),
    ).toContain("tables.t.correlations[0].matrix[0][1] invalid_value");
    expect(
      codes(
        table(cols, {
          correlations: [
            {
              columns: ["a", "b"],
              matrix: [
                [1, 0.5],
                [0.5, 1],
              ],
            },
          ],
        }),
      ),
    ).toEqual(["tables.t.columns.b.distribution unsupported"]);
    const notPd = {
      correlations: [
        {
          columns: ["a", "c", "b"],
          matrix: [
            [1, 0.9, -0.9],
            [0.9, 1, 0.9],
            [-0.9, 0.9, 1],
          ],
        },
      ],
    };
    expect(codes(table(cols, notPd))).toContain("tables.t.correlations[0].matrix not_positive_definite");
    expect(codes(table(cols, { group: { size: { name: "normal", mean: 2 } } }))).toEqual(["tables.t.group.size.sd required"]);
  });

  it("compileSchema throws SCHEMA_INVALID with the issues and generates nothing", () => {
    try {
      compileSchema(table({ a: { kind: "numeric" }, b: { kind: "template", template: "{nope}" } }), { seed: 1 });
      expect.unreachable();
    } catch (e) {
      expect(isMimicError(e)).toBe(true);
      if (!isMimicError(e)) return;
      expect(e.code).toBe("SCHEMA_INVALID");
      expect(e.exitCode).toBe(2);
      expect(e.issues.map((i) => i.path)).toEqual(["tables.t.columns.a.distribution", "tables.t.columns.b.template"]);
      expect(e.message).toMatch(/2 problems/);
    }
  });

  it("asks which table when a schema has several, and accepts a valid one", () => {
    const two = { tables: { a: { columns: { x: { kind: "sequence" } } }, b: { columns: { y: { kind: "sequence" } } } } };
    expect(() => compileSchema(two, { seed: 1 })).toThrow(/choose one/);
    expect(() => compileSchema(two, { seed: 1, table: "c" })).toThrow(/no table "c"/);
    expect(compileSchema(two, { seed: 1, table: "b" }).shape.columns.map((c) => c.name)).toEqual(["y"]);
  });

  it("loads YAML and JSON files with data files relative to the schema, and reports syntax errors with a line", () => {
    const dir = mkdtempSync(join(tmpdir(), "mimic-schema-"));
    writeFileSync(join(dir, "menu.csv"), "product,price,zip\nLatte,3.50,02134\nBagel,3.49,10001\n");
    writeFileSync(
      join(dir, "s.yaml"),
      "data:\n  menu: { file: menu.csv }\ntables:\n  t:\n    columns:\n      product: { kind: categorical, data: menu, field: product }\n      price: { kind: lookup, data: menu, key: product, field: price, type: decimal }\n      zip: { kind: lookup, data: menu, key: product, field: zip }\n",
    );
    const { schema, baseDir } = loadSchemaFile(join(dir, "s.yaml"));
    const gen = compileSchema(schema, { seed: 3, baseDir });
    expect(gen.shape.columns.map((c) => c.type)).toEqual(["string", "decimal", "string"]);
    const b = gen.generateChunk(0, 20);
    const zip = b.columns[2]!.values;
    expect("codes" in zip && zip.dictionary).toEqual(["02134", "10001"]); // leading zeros kept
    expect(validateSchema(schema)[0]?.code).toBe("unreadable"); // without baseDir the file is not found
    writeFileSync(join(dir, "bad.yaml"), "tables:\n  t:\n    columns: [\n");
    expect(() => loadSchemaFile(join(dir, "bad.yaml"))).toThrow(/line \d+, column \d+/);
    writeFileSync(join(dir, "s.json"), JSON.stringify({ tables: { t: { columns: { id: { kind: "sequence" } } } } }));
    expect(compileSchema(loadSchemaFile(join(dir, "s.json")).schema, { seed: 1 }).generateChunk(0, 3).columns[0]!.values).toEqual(Float64Array.of(1, 2, 3));
    try {
      loadSchemaFile(join(dir, "missing.yaml"));
      expect.unreachable();
    } catch (e) {
      expect(isMimicError(e) && e.code).toBe("IO_UNREADABLE");
    }
  });
});
