import { describe, expect, it } from "vitest";
import type { DictionaryValues } from "../../batch.js";
import { isMimicError } from "../../../errors/index.js";
import { chiSquare, chiSquareCritical001 } from "../../distributions/test-support/gof.js";
import { compileSchema } from "../compile.js";
import { civilFromDays, weekdayOfDays } from "../runtime/dates.js";
import { column, columnAll, generateRows } from "../test-support/read.js";

const one = (columns: Record<string, unknown>, extra: Record<string, unknown> = {}, seed = 7) =>
  compileSchema({ tables: { t: { columns, ...extra } } }, { seed });

describe("column kinds", () => {
  it("sequence counts from the global row index across chunks, with patterns", () => {
    const gen = one({ id: { kind: "sequence", start: 1000, step: 10 }, no: { kind: "sequence", pattern: "ORD-####" } }, { chunkSize: 4 });
    const b = generateRows(gen, 10);
    expect(columnAll(gen, b, "id")).toEqual([1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070, 1080, 1090]);
    expect(columnAll(gen, b, "no").slice(0, 2)).toEqual(["ORD-0001", "ORD-0002"]);
  });

  it("unique ids never repeat, across chunks, in every format", () => {
    const gen = one(
      {
        hex: { kind: "unique", format: "hex", length: 5 },
        uuid: { kind: "unique", format: "uuid" },
        num: { kind: "unique", format: "int", digits: 6, min: 100000 },
        code: { kind: "unique", pattern: "TX-#####" },
        key: { kind: "unique", pattern: "K-%%%%%" },
      },
      { chunkSize: 7919 },
    );
    const n = 99_000; // close to the 100,000-id space of `code` and `num`
    const b = generateRows(gen, n);
    for (const name of ["hex", "uuid", "num", "code"]) expect(new Set(columnAll(gen, b, name)).size).toBe(n);
    const uuids = columnAll(gen, b, "uuid");
    for (const u of uuids.slice(0, 100)) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const x of columnAll(gen, b, "num")) expect(x as number).toBeGreaterThanOrEqual(100000);
    expect(columnAll(gen, b, "code")[0]).toMatch(/^TX-\d{5}$/);
    const keys = columnAll(gen, b, "key");
    expect(new Set(keys).size).toBe(n);
    expect(keys[0]).toMatch(/^K-[0-9a-f]{5}$/);
    // Ids look random, not sequential.
    const nums = columnAll(gen, b, "num").slice(0, 1000) as number[];
    expect(nums.filter((x, i) => i > 0 && x === nums[i - 1]! + 1).length).toBeLessThan(10);
  });

  it("unique ids carry their bytes only when they need no quoting, and the bytes spell the words", () => {
    const gen = one({
      hex: { kind: "unique", format: "hex", length: 6 },
      uuid: { kind: "unique", format: "uuid" },
      odd: { kind: "unique", pattern: 'Q"-####' },
      accent: { kind: "unique", pattern: "é-####" },
    });
    const batch = gen.generateChunk(0, 500);
    const dict = (k: number) => batch.columns[k]!.values as DictionaryValues;
    for (const k of [0, 1]) {
      const { dictionary, plain } = dict(k);
      expect(plain).toBeDefined();
      expect(Buffer.from(plain!.bytes).toString("latin1")).toBe(dictionary.join(""));
      expect(plain!.width).toBe(dictionary[0]!.length);
    }
    expect(dict(2).plain).toBeUndefined();
    expect(dict(3).plain).toBeUndefined();
  });

  it("asking for more rows than a unique id space holds is an error, not a duplicate", () => {
    const gen = one({ code: { kind: "unique", pattern: "##" } });
    expect(() => gen.generateChunk(0, 100)).not.toThrow();
    try {
      gen.generateChunk(1, 10);
      expect.unreachable();
    } catch (e) {
      expect(isMimicError(e) && e.code).toBe("SCHEMA_UNIQUE_EXHAUSTED");
    }
  });

  it("categorical follows its weights (χ², α = 0.001, 20,000 rows)", () => {
    const gen = one({
      p: { kind: "categorical", values: { Cash: 20, Credit: 45, Debit: 35 } },
      q: { kind: "categorical", values: [1, 2, 3], weights: [7, 2, 1] },
    });
    const b = gen.generateChunk(0, 20_000);
    const count = (xs: unknown[], keys: unknown[]): number[] => keys.map((k) => xs.filter((x) => x === k).length);
    const p = chiSquare(count(column(gen, b, "p"), ["Cash", "Credit", "Debit"]), [0.2, 0.45, 0.35]);
    expect(p.chi2).toBeLessThan(chiSquareCritical001(p.df));
    const q = chiSquare(count(column(gen, b, "q"), [1, 2, 3]), [0.7, 0.2, 0.1]);
    expect(q.chi2).toBeLessThan(chiSquareCritical001(q.df));
    expect(gen.shape.columns[1]!.type).toBe("int");
  });

  it("categorical cases change the weights where `when` holds", () => {
    const gen = one({
      hot: { kind: "categorical", values: [true, false] },
      drink: {
        kind: "categorical",
        values: ["tea", "iced tea"],
        weights: [1, 1],
        cases: [
          { when: "hot", scale: { "iced tea": 0 } },
          { when: "not hot", weights: { "iced tea": 1 } },
        ],
      },
    });
    const b = gen.generateChunk(0, 2000);
    const hot = column(gen, b, "hot");
    const drink = column(gen, b, "drink");
    hot.forEach((h, i) => expect(drink[i]).toBe(h === 1 ? "tea" : "iced tea"));
  });

  it("numeric clamps, rounds and keeps decimals exact", () => {
    const gen = one({
      age: { kind: "numeric", distribution: { name: "normal", mean: 40, sd: 30 }, min: 18, max: 90, type: "int" },
      money: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 100 }, type: "decimal", scale: 2 },
      f: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 1 }, scale: 3 },
    });
    const b = gen.generateChunk(0, 5000);
    for (const a of column(gen, b, "age") as number[]) expect(Number.isInteger(a) && a >= 18 && a <= 90).toBe(true);
    for (const m of column(gen, b, "money") as number[]) expect(Number.isInteger(m) && m >= 0 && m <= 10000).toBe(true);
    for (const f of column(gen, b, "f") as number[]) expect(Math.round(f * 1000) / 1000).toBe(f);
  });

  it("date: inclusive range (Dec 31 included) with weekday and month profiles", () => {
    const gen = one({ d: { kind: "date", start: "2022-01-01", end: "2022-12-31", weekdays: { Sat: 2, Sun: 0 }, months: { Jul: 3 } } });
    const days = column(gen, gen.generateChunk(0, 50_000), "d") as number[];
    const ymd = days.map((d) => civilFromDays(d));
    expect(ymd.every((x) => x[0] === 2022)).toBe(true);
    expect(ymd.some((x) => x[1] === 12 && x[2] === 31)).toBe(true); // a Saturday
    const wd = days.map(weekdayOfDays);
    expect(wd.filter((w) => w === 7)).toHaveLength(0);
    const sat = wd.filter((w) => w === 6).length / wd.filter((w) => w === 3).length;
    expect(sat).toBeGreaterThan(1.8);
    expect(sat).toBeLessThan(2.2);
    const jul = ymd.filter((x) => x[1] === 7).length / ymd.filter((x) => x[1] === 3).length;
    expect(jul).toBeGreaterThan(2.6);
    expect(jul).toBeLessThan(3.4);
  });

  it("time and datetime stay in range and follow the hour profile", () => {
    const gen = one({
      t: { kind: "time", start: "06:30", end: "21:00", hours: { 8: 10 } },
      ts: {
        kind: "datetime",
        start: "2024-01-01T12:00:00Z",
        end: "2024-01-03",
        hours: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
      },
    });
    const b = gen.generateChunk(0, 5000);
    const ts = column(gen, b, "t") as number[];
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(6.5 * 3600);
    expect(Math.max(...ts)).toBeLessThan(21 * 3600);
    const hours = ts.map((s) => Math.floor(s / 3600));
    const busiest = [...new Set(hours)].sort((a, b) => hours.filter((h) => h === b).length - hours.filter((h) => h === a).length)[0];
    expect(busiest).toBe(8);
    const start = Date.UTC(2024, 0, 1, 12);
    for (const x of column(gen, b, "ts") as number[]) {
      expect(x).toBeGreaterThanOrEqual(start);
      expect(x).toBeLessThan(Date.UTC(2024, 0, 3));
      const h = new Date(x).getUTCHours();
      expect(h >= 8 && h < 18).toBe(true);
    }
  });

  it("lookup joins on the key; expressions keep money exact; templates and switches compose", () => {
    const gen = compileSchema(
      {
        data: {
          menu: {
            records: [
              { product: "Latte", price: 3.49, kind: "hot" },
              { product: "Tea", price: 2.01, kind: "hot" },
              { product: "Shake", price: 4.99, kind: "cold" },
            ],
          },
        },
        tables: {
          t: {
            columns: {
              product: { kind: "categorical", data: "menu", field: "product" },
              price: { kind: "lookup", data: "menu", key: "product", field: "price", type: "decimal", scale: 2 },
              qty: { kind: "categorical", values: [1, 2, 3] },
              amount: { kind: "expression", expr: "price * qty" },
              label: { kind: "template", template: "{qty} x {product} @ {price}" },
              size: { kind: "switch", cases: [{ when: "lookup_kind == 'cold'", then: { kind: "constant", value: "large" } }], default: null },
              lookup_kind: { kind: "lookup", data: "menu", key: "product", field: "kind", hidden: true },
            },
          },
        },
      },
      { seed: 5 },
    );
    expect(gen.shape.columns.map((c) => c.name)).toEqual(["product", "price", "qty", "amount", "label", "size"]);
    const b = gen.generateChunk(0, 3000);
    const [product, price, qty, amount, label, size] = ["product", "price", "qty", "amount", "label", "size"].map((n) => column(gen, b, n));
    const cents: Record<string, number> = { Latte: 349, Tea: 201, Shake: 499 };
    for (let i = 0; i < 3000; i++) {
      expect(price![i]).toBe(cents[product![i] as string]);
      expect(amount![i]).toBe((price![i] as number) * (qty![i] as number)); // integer cents, no float noise
      expect(label![i]).toBe(`${qty![i]} x ${product![i]} @ ${((price![i] as number) / 100).toFixed(2)}`);
      expect(size![i]).toBe(product![i] === "Shake" ? "large" : null);
    }
  });

  it("nulls appear at the requested rate from the column's own stream", () => {
    const gen = one({ x: { kind: "numeric", distribution: { name: "normal", mean: 0, sd: 1 }, nulls: 0.1 } });
    const xs = column(gen, gen.generateChunk(0, 20_000), "x");
    const share = xs.filter((x) => x === null).length / xs.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(gen.shape.columns[0]!.nullable).toBe(true);
  });
});
