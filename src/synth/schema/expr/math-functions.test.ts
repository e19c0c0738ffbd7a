import { describe, expect, it } from "vitest";
import { daysFromCivil, MS_PER_DAY } from "../runtime/dates.js";
import { compileExpression } from "./compile.js";
import { EARTH_RADIUS_KM, haversineKm } from "./math-functions.js";
import type { ExprType, Value } from "./types.js";

const TYPES: Record<string, ExprType> = { x: { t: "float" }, n: { t: "int" }, s: { t: "string" }, d: { t: "date" }, ts: { t: "datetime" } };
const ROW: Record<string, Value> = { x: 0.5, n: 8, s: "2024-03-01", d: daysFromCivil(2024, 3, 1), ts: daysFromCivil(2024, 3, 1) * MS_PER_DAY + 3_600_000 };
const run = (src: string): Value => compileExpression(src, (c) => TYPES[c]).bind((c) => () => ROW[c]!)(0);
const typeOf = (src: string): ExprType => compileExpression(src, (c) => TYPES[c]).type;

describe("math functions", () => {
  it("compute trigonometry in radians, exp, log and pow as floats", () => {
    expect(run("sin(0)")).toBe(0);
    expect(run("cos(0)")).toBe(1);
    expect(run("tan(x)")).toBeCloseTo(Math.tan(0.5), 15);
    expect(run("exp(1)")).toBeCloseTo(Math.E, 15);
    expect(run("log(exp(2))")).toBeCloseTo(2, 15);
    expect(run("log(n, 2)")).toBeCloseTo(3, 12);
    expect(run("pow(2, 10)")).toBe(1024);
    expect(run("sqrt(pow(n, 2))")).toBe(8);
    expect(typeOf("pow(n, 2)")).toEqual({ t: "float" });
  });

  it("give null where the result is not a real number", () => {
    expect(run("log(0)")).toBeNull();
    expect(run("log(-1)")).toBeNull();
    expect(run("log(n, 1)")).toBeNull();
    expect(run("pow(-8, 0.5)")).toBeNull();
    expect(run("exp(1000)")).toBeNull();
  });

  it("haversine matches Rosetta Code's reference distance (Nashville BNA to Los Angeles LAX)", () => {
    // Rosetta Code "Haversine formula": 2887.2599506071106 km with a radius of 6372.8 km.
    const km = haversineKm(36.12, -86.67, 33.94, -118.4);
    expect((km * 6372.8) / EARTH_RADIUS_KM).toBeCloseTo(2887.2599506071106, 9);
    expect(run("haversine(36.12, -86.67, 33.94, -118.4)")).toBeCloseTo(km, 12);
    expect(haversineKm(10, 20, 10, 20)).toBe(0);
    // Antipodes: half the circumference.
    expect(haversineKm(0, 0, 0, 180)).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 9);
  });

  it("reject a wrong number or type of arguments with the function's name", () => {
    expect(() => typeOf("sin(1, 2)")).toThrow(/sin\(\) takes 1 argument, got 2/);
    expect(() => typeOf("pow(2)")).toThrow(/pow\(\) takes 2 arguments, got 1/);
    expect(() => typeOf("haversine(1, 2, 3)")).toThrow(/haversine\(\) takes 4 arguments, got 3/);
    expect(() => typeOf("log(s)")).toThrow(/log\(\) needs numbers, argument 1 is string/);
    expect(() => typeOf("log(1, 2, 3)")).toThrow(/1 or 2 arguments/);
  });
});

describe("dates from text", () => {
  it("date() reads YYYY-MM-DD text (a looked-up field) and the day of a datetime", () => {
    expect(run("date(s)")).toBe(daysFromCivil(2024, 3, 1));
    expect(run("date('2024-02-30')")).toBeNull();
    expect(run("date('soon')")).toBeNull();
    expect(run("date(ts)")).toBe(daysFromCivil(2024, 3, 1));
    expect(run("year(date(s)) * 100 + month(date(s))")).toBe(202403);
    expect(typeOf("date(s)")).toEqual({ t: "date" });
  });

  it("datetime() reads ISO 8601 text and dates at midnight UTC", () => {
    expect(run("datetime('2024-03-01T01:00:00Z')")).toBe(ROW.ts);
    expect(run("datetime(d)")).toBe(daysFromCivil(2024, 3, 1) * MS_PER_DAY);
    expect(() => typeOf("date(n)")).toThrow(/date\(\) needs text/);
  });
});
