// Calendar arithmetic in a site's fixed UTC offset (daylight saving is not modelled: a room's
// schedule follows standard time all year, which shifts it by an hour in summer at most).

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Index of the local calendar day of `t` (ms since epoch) at `utcOffsetHours`. */
export function localDay(t: number, utcOffsetHours: number): number {
  return Math.floor((t + utcOffsetHours * HOUR) / DAY);
}

/** Epoch ms of local midnight of a local day index. */
export function localMidnight(day: number, utcOffsetHours: number): number {
  return day * DAY - utcOffsetHours * HOUR;
}

/** Local hour of day in [0, 24) as a fraction. */
export function localHour(t: number, utcOffsetHours: number): number {
  const ms = (t + utcOffsetHours * HOUR) % DAY;
  return (ms < 0 ? ms + DAY : ms) / HOUR;
}

/** Local day of week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day of year 1…366 of a day index (UTC calendar of that day). */
export function dayOfYear(day: number): number {
  const date = new Date(day * DAY);
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.floor((day * DAY - start) / DAY) + 1;
}
