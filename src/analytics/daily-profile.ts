// Mean (and spread) of a field by hour of local time, and its day-over-day change: the seed's
// "when is the room warmest" and "is it getting warmer".
import { type LocalClock } from "./local-time.js";
import { addValue, emptyMoments, type Moments } from "../numeric/index.js";

/** Moments of the values in each local hour 0–23. */
export function hourlyProfile(times: ArrayLike<number>, values: ArrayLike<number>, clock: LocalClock): Moments[] {
  const hours = Array.from({ length: 24 }, emptyMoments);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isNaN(x)) addValue(hours[clock.hour(times[i]!)]!, x);
  }
  return hours;
}

export interface DayChange {
  /** Local day, days since 1970-01-01. */
  day: number;
  count: number;
  mean: number;
  /** This day's mean minus the previous calendar day's (null on the first day or after a day without data). */
  change: number | null;
}

/** Mean of each local calendar day with data, and its change from the day before. */
export function dayOverDay(times: ArrayLike<number>, values: ArrayLike<number>, clock: LocalClock): DayChange[] {
  const days = new Map<number, Moments>();
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    const d = clock.day(times[i]!);
    let m = days.get(d);
    if (!m) days.set(d, (m = emptyMoments()));
    addValue(m, x);
  }
  const out: DayChange[] = [];
  for (const day of [...days.keys()].sort((a, b) => a - b)) {
    const m = days.get(day)!;
    const prev = days.get(day - 1);
    out.push({ day, count: m.count, mean: m.mean, change: prev ? m.mean - prev.mean : null });
  }
  return out;
}
