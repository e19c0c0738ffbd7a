import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysFromCivil, MS_PER_DAY } from "../runtime/dates.js";
import { compileExpression } from "./compile.js";
import { ExpressionSyntaxError, parseExpression } from "./parse.js";
import { ExpressionTypeError, type ExprType, type Value } from "./types.js";
import { valueAt, type Vec } from "./vector.js";

const TYPES: Record<string, ExprType> = {
  price: { t: "decimal", scale: 2 },
  qty: { t: "int" },
  x: { t: "float" },
  name: { t: "string" },
  d: { t: "date" },
  t: { t: "time" },
  ts: { t: "datetime" },
  flag: { t: "bool" },
  maybe: { t: "int" },
};
const ROW: Record<string, Value> = {
  price: 3.49,
  qty: 3,
  x: 2.5,
  name: "Latte",
  d: daysFromCivil(2024, 7, 14), // a Sunday
  t: 8 * 3600 + 30 * 60 + 5,
  ts: daysFromCivil(2024, 2, 29) * MS_PER_DAY + 13 * 3600_000,
  flag: true,
  maybe: null,
};
const run = (src: string): { value: Value; type: ExprType } => {
  const e = compileExpression(src, (n) => TYPES[n], Object.keys(TYPES));
  return { value: e.bind((n) => () => ROW[n]!)(0), type: e.type };
};

describe("expression language", () => {
  it("evaluates with the usual precedence and infers types", () => {
    expect(run("1 + 2 * 3 - 4 / 2")).toEqual({ value: 5, type: { t: "float" } });
    expect(run("(1 + 2) * 3 % 4")).toEqual({ value: 1, type: { t: "int" } });
    expect(run("price * qty").type).toEqual({ t: "decimal", scale: 2 });
    expect(run("price * qty").value).toBeCloseTo(10.47, 10);
    expect(run("-x + 1")).toEqual({ value: -1.5, type: { t: "float" } });
    expect(run("qty >= 3 and not flag or name == 'Latte'")).toEqual({ value: true, type: { t: "bool" } });
    expect(run("qty in [1, 2] ? 'few' : 'many'").value).toBe("many");
    expect(run("name not in ['Tea']").value).toBe(true);
    expect(run('name + " x" + str(qty)').value).toBe("Latte x3");
  });

  it("keeps money arithmetic with number literals decimal, with the literal's places", () => {
    expect(run("price * 1.08").type).toEqual({ t: "decimal", scale: 4 });
    expect(run("1.08 * price").type).toEqual({ t: "decimal", scale: 4 });
    expect(run("price + 0.1").type).toEqual({ t: "decimal", scale: 2 });
    expect(run("price - 0.125").type).toEqual({ t: "decimal", scale: 3 });
    // Division and float columns stay float; a literal beside an int stays as it was.
    expect(run("price / 2").type).toEqual({ t: "float" });
    expect(run("price * x").type).toEqual({ t: "float" });
    expect(run("qty * 1.5").type).toEqual({ t: "float" });
  });

  it("has date, time and text functions", () => {
    expect(run("concat(year(d), '-', pad(month(d), 2), '-', day(d), ' ', weekday(d))").value).toBe("2024-07-14 7");
    expect(run("dayofyear(d)").value).toBe(196);
    expect(run("hour(t) * 100 + minute(t) + second(t)").value).toBe(835);
    expect(run("month(ts) * 100 + day(ts) + hour(ts)").value).toBe(242);
    expect(run("d + 1 - d").value).toBe(1);
    expect(run("round(2.675, 2)").value).toBe(2.68);
    expect(run("round(x)").value).toBe(3);
    expect(run("max(qty, x, 1)").value).toBe(3);
    expect(run("clamp(x, 0, 2)").value).toBe(2);
    expect(run("upper(name) + lower('AB') + str(len(name))").value).toBe("LATTEab5");
    expect(run("if(flag, 'y', 'n')").value).toBe("y");
  });

  it("propagates nulls (coalesce and concat accept them)", () => {
    expect(run("maybe + 1").value).toBeNull();
    expect(run("maybe > 1").value).toBe(false);
    expect(run("maybe == null").value).toBe(true);
    expect(run("coalesce(maybe, qty)").value).toBe(3);
    expect(run("concat('a', maybe, 'b')").value).toBe("ab");
    expect(run("x / 0").value).toBeNull();
  });

  it("rejects bad expressions with a message that points at the problem", () => {
    const err = (src: string): string => {
      try {
        run(src);
        return "no error";
      } catch (e) {
        expect(e instanceof ExpressionSyntaxError || e instanceof ExpressionTypeError).toBe(true);
        return (e as Error).message;
      }
    };
    expect(err("price * (qty")).toMatch(/expected "\)" but found "end of expression" at character 13/);
    expect(err("price ** 2")).toMatch(/unexpected "\*" at character 8/);
    expect(err("prise * 2")).toMatch(/unknown column "prise"; did you mean "price"/);
    expect(err("name * 2")).toMatch(/"\*" needs numbers, got string and int/);
    expect(err("name + 1")).toMatch(/concat/);
    expect(err("month(t)")).toMatch(/month\(\) needs a date or datetime, got time/);
    expect(err("rnd(x)")).toMatch(/unknown function "rnd"; did you mean "round"/);
    expect(err("round(x, qty)")).toMatch(/literal/);
    expect(err("name == 1")).toMatch(/cannot compare string with int/);
    expect(err("'open")).toMatch(/unterminated string/);
    expect(err("1 2")).toMatch(/after a complete expression/);
  });

  it("never throws anything but a syntax error on arbitrary input (no eval)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (src) => {
        try {
          parseExpression(src);
        } catch (e) {
          expect(e).toBeInstanceOf(ExpressionSyntaxError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("vectorised evaluation", () => {
  const EXPRS = [
    "price * qty",
    "price * qty + x / 2 - qty % 2",
    "x / (qty - 2)",
    "-x",
    "qty >= 2 and not flag or name == 'Tea'",
    "name != 'Latte'",
    "name == maybe_name",
    "maybe > 1",
    "maybe == null",
    "maybe != null and maybe <= 2",
    "qty in [1, 3]",
    "month(d) in [6, 7, 8]",
    "x in [0.5, 2]",
    "name not in ['Tea', 'Mocha']",
    "maybe in [null, 2]",
    "qty in [maybe, 2]",
    "flag ? price : x",
    "maybe > 0 ? 'a' : name",
    "month(d) * 100 + day(d)",
    "hour(t) < 11",
    "round(x * 3.3, 2)",
    "coalesce(maybe, qty)",
    "concat(name, '-', maybe)",
    "name + '!'",
    "if(flag, maybe, 0)",
    "min(qty, maybe, 5)",
    "weekday(d) >= 6",
    "d + qty",
    "upper(maybe_name)",
  ];
  const n = 64;

  it("gives exactly what the row evaluator gives, nulls included", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        let s = seed >>> 0;
        const rand = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
        const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
        const cols: Record<string, Value[]> = {
          price: Array.from({ length: n }, () => Math.round(rand() * 500) / 100),
          qty: Array.from({ length: n }, () => pick([1, 2, 3])),
          x: Array.from({ length: n }, () => rand() * 10 - 5),
          name: Array.from({ length: n }, () => pick(["Latte", "Tea", "Mocha"])),
          maybe_name: Array.from({ length: n }, () => pick(["Latte", "Tea", null])),
          d: Array.from({ length: n }, () => 18000 + Math.floor(rand() * 2000)),
          t: Array.from({ length: n }, () => Math.floor(rand() * 86400)),
          flag: Array.from({ length: n }, () => rand() < 0.5),
          maybe: Array.from({ length: n }, () => pick([1, 2, 3, null])),
        };
        const types: Record<string, ExprType> = { ...TYPES, maybe_name: { t: "string" } };
        const dictOf = (xs: Value[]) => {
          const dict = [...new Set(xs.filter((v) => v !== null))] as string[];
          return {
            k: "dict" as const,
            codes: Uint32Array.from(xs, (v) => (v === null ? 0 : dict.indexOf(v as string))),
            dict,
            nulls: Uint8Array.from(xs, (v) => (v === null ? 1 : 0)),
          };
        };
        const vecOf = (name: string): Vec => {
          const xs = cols[name]!;
          const nulls = Uint8Array.from(xs, (v) => (v === null ? 1 : 0));
          if (name === "name" || name === "maybe_name") return dictOf(xs);
          if (name === "flag") return { k: "bool", v: Uint8Array.from(xs, (v) => (v === true ? 1 : 0)), nulls: undefined };
          return { k: "num", v: Float64Array.from(xs, (v) => (v === null ? 0 : (v as number))), nulls: nulls.includes(1) ? nulls : undefined };
        };
        for (const src of EXPRS) {
          const e = compileExpression(src, (c) => types[c]);
          const row = e.bind((c) => (i) => cols[c]![i]!);
          const vec = e.evaluate({ length: n, column: vecOf });
          for (let i = 0; i < n; i++) expect([src, i, valueAt(vec, i)]).toEqual([src, i, row(i)]);
        }
      }),
      { numRuns: 30 },
    );
  });
});
