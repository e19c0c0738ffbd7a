// Event sensors: PIR motion detections per hour, and lit hours per local day from the light
// sensor's state changes (true = lit, false = dark; the seed only ever sent true, so without a
// single false the lit time is unknown and reported as null).
import type { LocalClock } from "./local-time.js";

export interface MotionSummary {
  /** Readings with motion = true (each is a detection starting). */
  events: number;
  hours: number;
  eventsPerHour: number;
  /** Detections by local hour of day, 0–23. */
  byHour: number[];
}

/** `motion` is 1 (true), 0 (false) or NaN (missing) per reading, at ascending `times`. */
export function motionSummary(times: ArrayLike<number>, motion: ArrayLike<number>, clock: LocalClock, span?: { from: number; to: number }): MotionSummary {
  const byHour = new Array<number>(24).fill(0);
  let events = 0;
  for (let i = 0; i < motion.length; i++) {
    if (motion[i] !== 1) continue;
    events++;
    byHour[clock.hour(times[i]!)]!++;
  }
  const from = span?.from ?? (times.length > 0 ? times[0]! : 0);
  const to = span?.to ?? (times.length > 0 ? times[times.length - 1]! : 0);
  const hours = Math.max(0, to - from) / 3600;
  return { events, hours, eventsPerHour: hours > 0 ? events / hours : Number.NaN, byHour };
}

export interface LitDay {
  day: number;
  /** Hours lit within the part of the day covered by data. */
  litHours: number;
}

/**
 * Lit hours per local day: the state holds from one reading to the next (the last one until
 * `end`, default the last reading). Null when no reading says `false` (state unknowable).
 */
export function litHoursPerDay(times: ArrayLike<number>, light: ArrayLike<number>, clock: LocalClock, end?: number): LitDay[] | null {
  let sawFalse = false;
  for (let i = 0; i < light.length; i++) if (light[i] === 0) sawFalse = true;
  if (!sawFalse) return null;
  const days = new Map<number, number>();
  const stop = end ?? (times.length > 0 ? times[times.length - 1]! : 0);
  const addLit = (from: number, to: number): void => {
    let t = from;
    while (t < to) {
      const day = clock.day(t);
      // Next local midnight, with the offset at t (a DST change inside a lit stretch shifts the cut by an hour at most).
      const midnight = (day + 1) * 86_400 - clock.offsetSeconds(t);
      const cut = Math.min(to, midnight > t ? midnight : t + 86_400);
      days.set(day, (days.get(day) ?? 0) + (cut - t) / 3600);
      t = cut;
    }
  };
  for (let i = 0; i < light.length; i++) {
    if (light[i] !== 1) continue;
    const next = i + 1 < times.length ? times[i + 1]! : stop;
    addLit(times[i]!, Math.min(next, Math.max(stop, times[i]!)));
  }
  const first = times.length > 0 ? clock.day(times[0]!) : 0;
  const last = clock.day(stop);
  const out: LitDay[] = [];
  for (let d = first; d <= last; d++) out.push({ day: d, litHours: days.get(d) ?? 0 });
  return out;
}
