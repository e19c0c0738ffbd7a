import { describe, expect, it } from "vitest";
import { compileSchema } from "../compile.js";
import { daysFromCivil } from "../runtime/dates.js";
import { DATE_FUNCTIONS } from "./date-functions.js";
import { ExpressionTypeError, type ExprType } from "./types.js";

const INT: ExprType = { t: "int" };
const DATE: ExprType = { t: "date" };
const call = (name: string, args: (number | null)[], types: ExprType[]): unknown => DATE_FUNCTIONS[name]!.impl(args, types);

describe("date construction functions", () => {
  it("makedate builds a day number, rolling days past the month's end", () => {
    expect(call("makedate", [1975, 1, 1], [INT, INT, INT])).toBe(daysFromCivil(1975, 1, 1));
    expect(call("makedate", [2024, 2, 29], [INT, INT, INT])).toBe(daysFromCivil(2024, 2, 29));
    expect(call("makedate", [2023, 2, 29], [INT, INT, INT])).toBe(daysFromCivil(2023, 3, 1));
    expect(call("makedate", [2023, 13, 1], [INT, INT, INT])).toBeNull();
  });

  it("adddays moves dates and datetimes by whole days", () => {
    expect(call("adddays", [daysFromCivil(1999, 12, 31), 1], [DATE, INT])).toBe(daysFromCivil(2000, 1, 1));
    expect(call("adddays", [86_400_000 * 10 + 5, 2], [{ t: "datetime" }, INT])).toBe(86_400_000 * 12 + 5);
  });

  it("daysinyear knows the Gregorian leap years", () => {
    expect([1900, 2000, 2023, 2024].map((y) => call("daysinyear", [y], [INT]))).toEqual([365, 366, 365, 366]);
  });

  it("checks argument types", () => {
    expect(() => DATE_FUNCTIONS.adddays!.type([INT, INT], [])).toThrow(ExpressionTypeError);
    expect(() => DATE_FUNCTIONS.makedate!.type([INT, INT], [])).toThrow(/3 arguments/);
    expect(DATE_FUNCTIONS.adddays!.type([DATE, INT], [])).toEqual(DATE);
  });

  it("works inside a schema: a uniform day of a drawn year", () => {
    const table = compileSchema(
      {
        tables: {
          t: {
            columns: {
              y: { kind: "numeric", distribution: { name: "uniform", min: 2000, max: 2001 }, type: "int", hidden: true },
              f: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 1 }, hidden: true },
              d: { kind: "expression", expr: "adddays(makedate(y, 1, 1), floor(f * daysinyear(y)))" },
            },
          },
        },
      },
      { seed: 1 },
    );
    expect(table.shape.columns).toMatchObject([{ name: "d", type: "date" }]);
    const values = table.generateChunk(0, 2000).columns[0]!.values as Float64Array;
    const [lo, hi] = [daysFromCivil(2000, 1, 1), daysFromCivil(2001, 12, 31)];
    expect(Math.min(...values)).toBeGreaterThanOrEqual(lo);
    expect(Math.max(...values)).toBeLessThanOrEqual(hi);
  });
});
