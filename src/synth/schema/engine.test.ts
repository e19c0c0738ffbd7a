import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ColumnBatch } from "../batch.js";
import { normalQuantile } from "../../numeric/index.js";
import { compileSchema } from "./compile.js";
import { coffeeSchema } from "./test-support/coffee-schema.js";
import { cell, column, columnAll, generateRows } from "./test-support/read.js";

const plain = (b: ColumnBatch): unknown[] => b.columns.map((c, k) => ({ values: Array.from({ length: b.length }, (_, i) => cell(c, i)), k }));

describe("determinism", () => {
  it("same seed → identical chunks, whatever order chunks are generated in (as with any number of workers)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 20 }), (seed, chunk) => {
        const a = compileSchema(coffeeSchema, { seed });
        const b = compileSchema(coffeeSchema, { seed });
        b.generateChunk(chunk + 1, 50); // another "worker" did other chunks first
        expect(plain(b.generateChunk(chunk, 200))).toEqual(plain(a.generateChunk(chunk, 200)));
      }),
      { numRuns: 15 },
    );
    const x = compileSchema(coffeeSchema, { seed: 1 }).generateChunk(0, 100);
    const y = compileSchema(coffeeSchema, { seed: 2 }).generateChunk(0, 100);
    expect(plain(x)).not.toEqual(plain(y));
  });

  it("adding or removing a column never changes another column's values", () => {
    const base = compileSchema(coffeeSchema, { seed: 9 });
    const sales = coffeeSchema.tables.sales;
    const grown = compileSchema({ ...coffeeSchema, tables: { sales: { ...sales, columns: { extra: { kind: "numeric", distribution: { name: "normal", mean: 0, sd: 1 } }, ...sales.columns } } } }, { seed: 9 });
    const { payment_type: _, ...fewer } = sales.columns;
    const shrunk = compileSchema({ ...coffeeSchema, tables: { sales: { ...sales, columns: fewer } } }, { seed: 9 });
    const b0 = base.generateChunk(2, 500);
    const b1 = grown.generateChunk(2, 500);
    const b2 = shrunk.generateChunk(2, 500);
    for (const name of ["transaction_id", "date", "time", "product", "price", "quantity", "amount"]) {
      expect(column(grown, b1, name)).toEqual(column(base, b0, name));
      expect(column(shrunk, b2, name)).toEqual(column(base, b0, name));
    }
  });

  it("golden: pinned values of the coffee schema at seed 42 (change only on purpose)", () => {
    const gen = compileSchema(coffeeSchema, { seed: 42 });
    const b = gen.generateChunk(3, 6);
    const rows = Array.from({ length: 6 }, (_, i) => gen.shape.columns.map((c) => column(gen, b, c.name)[i]).join(","));
    expect(rows).toMatchInlineSnapshot(`
      [
        "b1eaa29197fed17f0ac03be49d1ea1ca,19114,30852,Americano,3,5,250,Drink,1,250,Gift card",
        "97d20b6b62e98561fdf37f1ff43262e1,19229,65770,Bagel,11,289,349,Food,1,349,Credit",
        "97d20b6b62e98561fdf37f1ff43262e1,19229,65770,Iced Coffee,6,80,250,Drink,1,250,Credit",
        "ac6f520b4c352b0abf5c24d871dee374,19073,31358,Mocha,5,250,400,Drink,1,400,Credit",
        "30ec6b1d9dd6fae14f4781221e19ef5a,19274,25530,Latte,1,120,350,Drink,1,350,Credit",
        "30ec6b1d9dd6fae14f4781221e19ef5a,19274,25530,Bagel,11,289,349,Food,1,349,Credit",
      ]
    `);
  });
});

describe("groups", () => {
  it("group-scoped columns repeat within a group; sizes follow the distribution; groups never straddle chunks", () => {
    const gen = compileSchema(coffeeSchema, { seed: 4 });
    const batches = generateRows(gen, 3 * gen.chunkSize);
    const sizes: number[] = [];
    for (const b of batches) {
      const tx = column(gen, b, "transaction_id");
      const date = column(gen, b, "date");
      const pay = column(gen, b, "payment_type");
      let run = 1;
      for (let i = 1; i <= tx.length; i++) {
        if (i < tx.length && tx[i] === tx[i - 1]) {
          expect(date[i]).toBe(date[i - 1]);
          expect(pay[i]).toBe(pay[i - 1]);
          run++;
        } else {
          if (i < tx.length) sizes.push(run); // the last group of a chunk may be cut short
          run = 1;
        }
      }
    }
    const all = columnAll(gen, batches, "transaction_id");
    // A transaction id never reappears later (unique per group, across chunks).
    expect(new Set(all).size).toBe(sizes.length + batches.length);
    const share = (k: number): number => sizes.filter((s) => s === k).length / sizes.length;
    expect(share(1)).toBeCloseTo(0.55, 1);
    expect(share(4)).toBeCloseTo(0.08, 1);
    expect(Math.max(...sizes)).toBe(4);
  });
});

describe("correlations (Gaussian copula)", () => {
  it("keeps each marginal and reaches the requested correlation of normal scores (n = 20,000, tolerance 0.03)", () => {
    const gen = compileSchema(
      {
        tables: {
          p: {
            columns: {
              income: { kind: "numeric", distribution: { name: "lognormal", mu: 10, sigma: 0.5 } },
              spend: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 1 } },
              age: { kind: "numeric", distribution: { name: "normal", mean: 40, sd: 10 } },
            },
            correlations: [{ columns: ["income", "spend", "age"], matrix: [[1, 0.7, -0.4], [0.7, 1, 0], [-0.4, 0, 1]] }],
          },
        },
      },
      { seed: 12 },
    );
    const b = gen.generateChunk(0, 20_000);
    const zi = (column(gen, b, "income") as number[]).map((x) => (Math.log(x) - 10) / 0.5);
    const zs = (column(gen, b, "spend") as number[]).map((u) => normalQuantile(u));
    const za = (column(gen, b, "age") as number[]).map((x) => (x - 40) / 10);
    const corr = (a: number[], c: number[]): number => {
      const n = a.length;
      const ma = a.reduce((s, x) => s + x, 0) / n;
      const mc = c.reduce((s, x) => s + x, 0) / n;
      let sac = 0, saa = 0, scc = 0;
      for (let i = 0; i < n; i++) {
        sac += (a[i]! - ma) * (c[i]! - mc);
        saa += (a[i]! - ma) ** 2;
        scc += (c[i]! - mc) ** 2;
      }
      return sac / Math.sqrt(saa * scc);
    };
    expect(Math.abs(corr(zi, zs) - 0.7)).toBeLessThan(0.03);
    expect(Math.abs(corr(zi, za) + 0.4)).toBeLessThan(0.03);
    expect(Math.abs(corr(zs, za))).toBeLessThan(0.03);
    const spend = column(gen, b, "spend") as number[];
    expect(spend.every((u) => u >= 0 && u <= 1)).toBe(true);
  });
});
