// Mean (and spread) of a field by hour of local time, and its day-over-day change: the seed's
// "when is the room warmest" and "is it getting warmer". Streamed: 24 hourly moments and one per
// local day, whatever the number of readings.
import { type LocalClock } from "./local-time.js";
import { addValue, emptyMoments, type Moments } from "../numeric/index.js";

export interface DayChange {
  /** Local day, days since 1970-01-01. */
  day: number;
  count: number;
  mean: number;
  /** This day's mean minus the previous calendar day's (null on the first day or after a day without data). */
  change: number | null;
}

/** Moments by local hour and by local day, one value at a time. */
export class ProfileTracker {
  readonly hours = Array.from({ length: 24 }, emptyMoments);
  private readonly days = new Map<number, Moments>();
  private lastDay = Number.NaN;
  private lastMoments: Moments | undefined;

  /** Adds x (NaN skipped) read at local `hour` of local `day`. */
  add(hour: number, day: number, x: number): void {
    if (Number.isNaN(x)) return;
    addValue(this.hours[hour]!, x);
    if (day !== this.lastDay) {
      let m = this.days.get(day);
      if (!m) this.days.set(day, (m = emptyMoments()));
      this.lastDay = day;
      this.lastMoments = m;
    }
    addValue(this.lastMoments!, x);
  }

  /** Each local calendar day with data, its mean and its change from the day before. */
  dayOverDay(): DayChange[] {
    const out: DayChange[] = [];
    for (const day of [...this.days.keys()].sort((a, b) => a - b)) {
      const m = this.days.get(day)!;
      const prev = this.days.get(day - 1);
      out.push({ day, count: m.count, mean: m.mean, change: prev ? m.mean - prev.mean : null });
    }
    return out;
  }
}

function profileOf(times: ArrayLike<number>, values: ArrayLike<number>, clock: LocalClock): ProfileTracker {
  const p = new ProfileTracker();
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isNaN(x)) p.add(clock.hour(times[i]!), clock.day(times[i]!), x);
  }
  return p;
}

/** Moments of the values in each local hour 0–23. */
export function hourlyProfile(times: ArrayLike<number>, values: ArrayLike<number>, clock: LocalClock): Moments[] {
  return profileOf(times, values, clock).hours;
}

/** Mean of each local calendar day with data, and its change from the day before. */
export function dayOverDay(times: ArrayLike<number>, values: ArrayLike<number>, clock: LocalClock): DayChange[] {
  return profileOf(times, values, clock).dayOverDay();
}
