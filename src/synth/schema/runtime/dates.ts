// Civil-calendar arithmetic on day numbers (days since 1970-01-01, UTC), after Howard Hinnant's
// algorithms: pure integer math, no Date objects on the hot path, identical on every machine.

export const MS_PER_DAY = 86_400_000;

/** Day number of a proleptic Gregorian date (month 1–12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1–12, day 1–31] of a day number, written into `out`. */
export function civilFromDays(days: number, out: Int32Array = new Int32Array(3)): Int32Array {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
  return out;
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDays(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of `YYYY-MM-DD`, or undefined if it is not a real date. */
export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = daysFromCivil(y, mo, d);
  const back = civilFromDays(days);
  return back[0] === y && back[1] === mo && back[2] === d ? days : undefined;
}

/** Seconds since midnight of `HH:mm` or `HH:mm:ss` (24:00 allowed as an end), or undefined. */
export function parseTime(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (m === null) return undefined;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (mi > 59 || s > 59 || h > 24 || (h === 24 && (mi > 0 || s > 0))) return undefined;
  return h * 3600 + mi * 60 + s;
}

/** Epoch milliseconds of `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm[:ss[.sss]][Z|±HH:mm]` (UTC when no zone). */
export function parseDateTime(text: string): number | undefined {
  const day = parseDate(text);
  if (day !== undefined) return day * MS_PER_DAY;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (m === null) return undefined;
  const d = parseDate(m[1]!);
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (d === undefined || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Number((m[5] ?? "0").padEnd(3, "0"));
  let offset = 0;
  if (m[6] !== undefined && m[6] !== "Z") {
    const sign = m[6].startsWith("-") ? -1 : 1;
    offset = sign * (Number(m[6].slice(1, 3)) * 60 + Number(m[6].slice(4, 6))) * 60_000;
  }
  return d * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms - offset;
}
