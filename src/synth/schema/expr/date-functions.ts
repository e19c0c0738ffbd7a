// Date construction for the expression language, added by the datasets helper: the built-in
// `demographics` dataset builds a date of birth from a year drawn from a Normal distribution
// (`adddays(makedate(birth_year, 1, 1), n)`), which the other date functions cannot express.
import { daysFromCivil, MS_PER_DAY, parseDate, parseDateTime } from "../runtime/dates.js";
import { describe, ExpressionTypeError, isNumeric, type ExprType, type Value } from "./types.js";
import type { FunctionDef } from "./functions.js";

const DATE: ExprType = { t: "date" };
const DATETIME: ExprType = { t: "datetime" };
const INT: ExprType = { t: "int" };

function wholeNumbers(name: string, args: readonly ExprType[], count: number): void {
  if (args.length !== count) throw new ExpressionTypeError(`${name}() takes ${count} argument${count === 1 ? "" : "s"}, got ${args.length}`);
  args.forEach((a, i) => {
    if (!isNumeric(a)) throw new ExpressionTypeError(`${name}() needs whole numbers, argument ${i + 1} is ${describe(a)}`);
  });
}

/** Days in the Gregorian year `y`: 365 or 366. */
function daysInYear(y: number): number {
  return daysFromCivil(y + 1, 1, 1) - daysFromCivil(y, 1, 1);
}

/** Checks the one argument of date()/datetime(): text (a looked-up field), a date or a datetime. */
function textOrTemporal(name: string, args: readonly ExprType[]): void {
  if (args.length !== 1) throw new ExpressionTypeError(`${name}() takes 1 argument, got ${args.length}`);
  const t = args[0]!.t;
  if (!["string", "date", "datetime", "any", "null"].includes(t)) throw new ExpressionTypeError(`${name}() needs text such as '2024-03-01', a date or a datetime, got ${describe(args[0]!)}`);
}

/**
 * `makedate(y, m, d)`: the date of year, month 1–12 and day (days past the month's end roll over,
 * like `adddays(makedate(y, m, 1), d - 1)`); null when the month is not 1–12.
 * `adddays(d, n)`: a date (or datetime) moved by n whole days. `daysinyear(y)`: 365 or 366.
 * `date(x)`: text `YYYY-MM-DD` (a date field of a data table, read by a lookup) or the day of a
 * datetime, as a date; `datetime(x)`: ISO 8601 text or a date (at midnight UTC) as a datetime.
 * Text that is not a real date or instant gives null.
 */
export const DATE_FUNCTIONS: Record<string, FunctionDef> = {
  makedate: {
    type: (a) => (wholeNumbers("makedate", a, 3), DATE),
    impl: (a) => {
      const [y, m, d] = [Math.trunc(a[0] as number), Math.trunc(a[1] as number), Math.trunc(a[2] as number)];
      return m >= 1 && m <= 12 ? daysFromCivil(y, m, 1) + d - 1 : null;
    },
  },
  adddays: {
    type(a) {
      if (a.length !== 2) throw new ExpressionTypeError(`adddays() takes 2 arguments, got ${a.length}`);
      const t = a[0]!.t;
      if (!(t === "date" || t === "datetime" || t === "any")) throw new ExpressionTypeError(`adddays() needs a date or datetime first, got ${describe(a[0]!)}`);
      if (!isNumeric(a[1]!)) throw new ExpressionTypeError(`adddays() needs a whole number of days second, got ${describe(a[1]!)}`);
      return a[0]!;
    },
    impl: (a, t): Value => {
      const n = Math.trunc(a[1] as number);
      return t[0]!.t === "datetime" ? (a[0] as number) + n * MS_PER_DAY : (a[0] as number) + n;
    },
  },
  date: {
    type: (a) => (textOrTemporal("date", a), DATE),
    impl: (a, t): Value => {
      const v = a[0]!;
      if (typeof v === "string") {
        const at = parseDateTime(v.trim());
        return parseDate(v.trim()) ?? (at === undefined ? null : Math.floor(at / MS_PER_DAY));
      }
      return t[0]!.t === "datetime" ? Math.floor((v as number) / MS_PER_DAY) : v;
    },
  },
  datetime: {
    type: (a) => (textOrTemporal("datetime", a), DATETIME),
    impl: (a, t): Value => {
      const v = a[0]!;
      if (typeof v === "string") return parseDateTime(v.trim()) ?? null;
      return t[0]!.t === "date" ? (v as number) * MS_PER_DAY : v;
    },
  },
  daysinyear: {
    type: (a) => (wholeNumbers("daysinyear", a, 1), INT),
    impl: (a) => daysInYear(Math.trunc(a[0] as number)),
  },
};
