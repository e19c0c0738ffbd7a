import { describe, expect, it } from "vitest";
import { compileSchema, validateSchema } from "../compile.js";
import { columnAll, generateRows } from "../test-support/read.js";

const grouped = (columns: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  tables: { t: { group: { size: { name: "discrete", values: [1, 2, 3, 4] } }, columns, ...extra } },
});

describe("lag() and cumsum() within groups", () => {
  it("read earlier rows of the same group only, and restart at each group", () => {
    const schema = grouped({
      basket: { kind: "unique", format: "int", digits: 9, scope: "group" },
      n: { kind: "sequence" },
      amount: { kind: "categorical", values: [1.5, 2.25, 4], type: "decimal", scale: 2 },
      prev: { kind: "expression", expr: "lag(n)" },
      prev2: { kind: "expression", expr: "lag(amount, 2)" },
      total: { kind: "expression", expr: "cumsum(amount)" },
    }, { chunkSize: 1000 });
    const gen = compileSchema(schema, { seed: 3 });
    const batches = generateRows(gen, 3000);
    const col = (name: string) => columnAll(gen, batches, name);
    const [basket, n, amount, prev, prev2, total] = ["basket", "n", "amount", "prev", "prev2", "total"].map(col) as [unknown[], number[], number[], (number | null)[], (number | null)[], number[]];
    let starts = 0;
    let sum = 0;
    for (let i = 0; i < n.length; i++) {
      // A group starts where the basket changes (and at every chunk start, where groups are cut).
      const first = i % 1000 === 0 || basket[i] !== basket[i - 1];
      if (first) starts++;
      const second = !first && (i % 1000 === 1 || basket[i - 1] !== basket[i - 2]);
      expect(prev[i]).toBe(first ? null : n[i - 1]);
      expect(prev2[i]).toBe(first || second ? null : amount[i - 2]);
      sum = (first ? 0 : sum) + amount[i]!;
      expect(total[i]).toBe(Math.round(sum));
    }
    expect(starts).toBeGreaterThan(900);
    expect(starts).toBeLessThan(1500);
    expect(gen.shape.columns.find((c) => c.name === "total")).toEqual({ name: "total", type: "decimal", scale: 2, nullable: true });
  });

  it("are refused, with the reason, where there are no groups of rows to read", () => {
    const codes = (s: unknown) => validateSchema(s).map((i) => `${i.path}: ${i.message}`);
    expect(codes({ tables: { t: { columns: { x: { kind: "sequence" }, y: { kind: "expression", expr: "lag(x)" } } } } })[0]).toMatch(
      /columns\.y\.expr: lag\(\) cannot be used here: .*give the table a group/,
    );
    expect(codes(grouped({ x: { kind: "sequence", scope: "group" }, y: { kind: "expression", expr: "cumsum(x)", scope: "group" } }))[0]).toMatch(/"y" has scope: group/);
    const inBranch = grouped({
      x: { kind: "sequence" },
      y: { kind: "switch", cases: [{ when: "x > 2", then: { kind: "expression", expr: "lag(x)" } }] },
    });
    expect(codes(inBranch)[0]).toMatch(/cases\[0\]\.then\.expr: lag\(\) cannot be used here: inside a switch branch/);
    expect(codes(grouped({ x: { kind: "sequence" }, y: { kind: "expression", expr: "lag(x, 0)" }, z: { kind: "expression", expr: "cumsum('a')" } }))).toEqual([
      expect.stringMatching(/y\.expr: lag\(x, k\) needs k as a whole-number literal from 1 to 1000/),
      expect.stringMatching(/z\.expr: cumsum\(\) needs a number, got string/),
    ]);
  });
});
