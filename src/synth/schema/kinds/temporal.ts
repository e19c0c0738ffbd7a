import { AliasTable } from "../../distributions/index.js";
import type { Random } from "../../../random/index.js";
import { isObj, type Checker, type Obj } from "../internal/checker.js";
import { civilFromDays, MS_PER_DAY, parseDate, parseDateTime, parseTime, weekdayOfDays } from "../runtime/dates.js";
import { DATE_FORMATS, DATETIME_FORMATS, TIME_FORMATS } from "../runtime/format.js";
import type { KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const HOURS = Array.from({ length: 24 }, (_, h) => String(h));
const MAX_DAYS = 400 * 366;

/** A profile: a list of `names.length` weights, or a map name (or 1-based number) → weight; unlisted weigh 1. */
function profile(o: Obj, key: string, path: string, c: Checker, names: readonly string[], numbersFrom: number): number[] | undefined {
  const v = o[key];
  const at = `${path}.${key}`;
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length !== names.length || !v.every((w) => typeof w === "number" && Number.isFinite(w) && w >= 0)) {
      c.add(at, "invalid_value", `${key} needs ${names.length} weights ≥ 0 (${names[0]}..${names[names.length - 1]}), got ${v.length} entries`);
      return undefined;
    }
    return v as number[];
  }
  if (!isObj(v)) {
    c.add(at, "invalid_type", `${key} must be a list of ${names.length} weights or a mapping such as { ${names[0]}: 2 }`);
    return undefined;
  }
  const out = names.map(() => 1);
  for (const [k, w] of Object.entries(v)) {
    let i = names.findIndex((n) => /^[A-Za-z]/.test(n) && k.length >= 3 && n.toLowerCase() === k.toLowerCase().slice(0, 3));
    if (i < 0 && /^\d+$/.test(k)) i = Number(k) - numbersFrom;
    if (i < 0 || i >= names.length) {
      c.add(`${at}.${k}`, "unknown_key", `"${k}" is not one of ${names.join(", ")}`);
      return undefined;
    }
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      c.add(`${at}.${k}`, "invalid_value", `the weight of ${k} must be a number ≥ 0`);
      return undefined;
    }
    out[i] = w;
  }
  return out;
}

// Hot loops live in leaf functions (see expr/vector.ts): the code after them keeps its feedback.
function offsetInto(idx: Uint32Array, start: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = start + idx[i]!;
}

/** An hour from the profile, then a second inside that hour's window, per value. */
function drawSeconds(table: AliasTable, lo: Float64Array, hi: Float64Array, rng: Random, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const h = table.index(rng);
    out[i] = lo[h]! + Math.floor(rng.next() * (hi[h]! - lo[h]!));
  }
}

export const date: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "start", "end", "weekdays", "months", "format", ...COMMON], "a date column");
  const before = c.count;
  const start = dateKey(o, "start", path, c);
  const end = dateKey(o, "end", path, c);
  const weekdays = profile(o, "weekdays", path, c, WEEKDAYS, 1);
  const months = profile(o, "months", path, c, MONTHS, 1);
  const format = c.string(o, "format", path, { oneOf: DATE_FORMATS }) ?? "YYYY-MM-DD";
  if (start !== undefined && end !== undefined && (end < start || end - start > MAX_DAYS)) c.add(`${path}.end`, "out_of_range", `end must be on or after start and within 400 years of it`);
  if (start === undefined || end === undefined || c.count > before) return undefined;
  const table = dayTable(start, end + 1, weekdays, months, `${path}`, c);
  if (table === undefined) return undefined;
  return {
    shape: { type: "date", format },
    generate(s) {
      const idx = table.fill(s.rng, new Uint32Array(s.length));
      const out = new Float64Array(s.length);
      offsetInto(idx, start, out);
      return { values: out };
    },
  };
};

function dateKey(o: Obj, key: string, path: string, c: Checker): number | undefined {
  const text = c.string(o, key, path, { required: true, hint: "a date as YYYY-MM-DD" });
  if (text === undefined) return undefined;
  const d = parseDate(text);
  if (d === undefined) c.add(`${path}.${key}`, "invalid_value", `${key} must be a real date as YYYY-MM-DD, got "${text}"`);
  return d;
}

/** Alias table over days [from, to) weighted by weekday × month. */
function dayTable(from: number, to: number, weekdays: number[] | undefined, months: number[] | undefined, path: string, c: Checker): AliasTable | undefined {
  const ymd = new Int32Array(3);
  const w = new Float64Array(to - from);
  for (let d = from; d < to; d++) {
    const wd = weekdays === undefined ? 1 : weekdays[weekdayOfDays(d) - 1]!;
    const mo = months === undefined ? 1 : months[civilFromDays(d, ymd)[1]! - 1]!;
    w[d - from] = wd * mo;
  }
  if (!w.some((x) => x > 0)) {
    c.add(path, "invalid_value", "the weekday and month weights leave no day in the range with weight > 0");
    return undefined;
  }
  return new AliasTable(w);
}

/** Alias table over seconds-of-day windows per hour, weighted by the profile × the covered share of the hour. */
function hourTable(from: number, to: number, hours: number[] | undefined): { table: AliasTable; lo: Float64Array; hi: Float64Array } | undefined {
  const lo = new Float64Array(24);
  const hi = new Float64Array(24);
  const w = new Float64Array(24);
  for (let h = 0; h < 24; h++) {
    lo[h] = Math.max(from, h * 3600);
    hi[h] = Math.min(to, (h + 1) * 3600);
    w[h] = hi[h]! > lo[h]! ? ((hours?.[h] ?? 1) * (hi[h]! - lo[h]!)) / 3600 : 0;
  }
  return w.some((x) => x > 0) ? { table: new AliasTable(w), lo, hi } : undefined;
}

export const time: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "start", "end", "hours", "format", ...COMMON], "a time column");
  const before = c.count;
  const parse = (key: string, fallback: number): number | undefined => {
    const text = c.string(o, key, path);
    if (text === undefined) return o[key] === undefined ? fallback : undefined;
    const t = parseTime(text);
    if (t === undefined) c.add(`${path}.${key}`, "invalid_value", `${key} must be a time as HH:mm or HH:mm:ss (quote it in YAML), got "${text}"`);
    return t;
  };
  const start = parse("start", 0);
  const end = parse("end", 86400);
  const hours = profile(o, "hours", path, c, HOURS, 0);
  const format = c.string(o, "format", path, { oneOf: TIME_FORMATS }) ?? "HH:mm:ss";
  if (start !== undefined && end !== undefined && end <= start) c.add(`${path}.end`, "out_of_range", "end must be after start (a time range within one day)");
  if (start === undefined || end === undefined || c.count > before) return undefined;
  const ht = hourTable(start, end, hours);
  if (ht === undefined) {
    c.add(`${path}.hours`, "invalid_value", "no hour inside [start, end) has weight > 0");
    return undefined;
  }
  return {
    shape: { type: "time", format },
    generate(s) {
      const out = new Float64Array(s.length);
      drawSeconds(ht.table, ht.lo, ht.hi, s.rng, out);
      return { values: out };
    },
  };
};

export const datetime: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "start", "end", "weekdays", "months", "hours", "format", ...COMMON], "a datetime column");
  const before = c.count;
  const parse = (key: string): number | undefined => {
    const text = c.string(o, key, path, { required: true, hint: "an ISO date or date-time, e.g. 2024-01-01 or 2024-01-01T08:00:00Z" });
    if (text === undefined) return undefined;
    const t = parseDateTime(text);
    if (t === undefined) c.add(`${path}.${key}`, "invalid_value", `${key} must be an ISO date or date-time (2024-01-01, 2024-01-01T08:00:00Z), got "${text}"`);
    return t;
  };
  const start = parse("start");
  const end = parse("end");
  const weekdays = profile(o, "weekdays", path, c, WEEKDAYS, 1);
  const months = profile(o, "months", path, c, MONTHS, 1);
  const hours = profile(o, "hours", path, c, HOURS, 0);
  const format = c.string(o, "format", path, { oneOf: DATETIME_FORMATS }) ?? "iso";
  if (start !== undefined && end !== undefined && (end <= start || end - start > MAX_DAYS * MS_PER_DAY)) c.add(`${path}.end`, "out_of_range", "end must be after start and within 400 years of it");
  if (start === undefined || end === undefined || c.count > before) return undefined;
  const firstDay = Math.floor(start / MS_PER_DAY);
  const lastDay = Math.floor((end - 1) / MS_PER_DAY);
  const days = dayTable(firstDay, lastDay + 1, weekdays, months, path, c);
  const ht = hourTable(0, 86400, hours);
  if (ht === undefined) c.add(`${path}.hours`, "invalid_value", "at least one hour needs weight > 0");
  if (days === undefined || ht === undefined) return undefined;
  return {
    shape: { type: "datetime", format },
    generate(s) {
      const out = new Float64Array(s.length);
      for (let i = 0; i < s.length; i++) {
        // Partial first/last days: redraw the rare instants outside [start, end); after many misses
        // (a profile with no weight inside a short range) fall back to uniform so it always ends.
        let t = NaN;
        for (let attempt = 0; attempt < 64; attempt++) {
          const day = firstDay + days.index(s.rng);
          const h = ht.table.index(s.rng);
          t = day * MS_PER_DAY + (ht.lo[h]! + Math.floor(s.rng.next() * 3600)) * 1000;
          if (t >= start && t < end) break;
          t = NaN;
        }
        out[i] = Number.isNaN(t) ? start + Math.floor(s.rng.next() * ((end - start) / 1000)) * 1000 : t;
      }
      return { values: out };
    },
  };
};
