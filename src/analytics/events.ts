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

/** Motion detections counted one reading at a time (1 = motion, 0 = none, NaN = missing). */
export class MotionTracker {
  readonly byHour = new Array<number>(24).fill(0);
  events = 0;

  add(hour: number, motion: number): void {
    if (motion !== 1) return;
    this.events++;
    this.byHour[hour]!++;
  }

  result(from: number, to: number): MotionSummary {
    const hours = Math.max(0, to - from) / 3600;
    return { events: this.events, hours, eventsPerHour: hours > 0 ? this.events / hours : Number.NaN, byHour: [...this.byHour] };
  }
}

/** `motion` is 1 (true), 0 (false) or NaN (missing) per reading, at ascending `times`. */
export function motionSummary(times: ArrayLike<number>, motion: ArrayLike<number>, clock: LocalClock, span?: { from: number; to: number }): MotionSummary {
  const m = new MotionTracker();
  for (let i = 0; i < motion.length; i++) if (motion[i] === 1) m.add(clock.hour(times[i]!), 1);
  const from = span?.from ?? (times.length > 0 ? times[0]! : 0);
  const to = span?.to ?? (times.length > 0 ? times[times.length - 1]! : 0);
  return m.result(from, to);
}

export interface LitDay {
  day: number;
  /** Hours lit within the part of the day covered by data. */
  litHours: number;
}

/**
 * Lit hours per local day, one reading at a time: a state holds from its reading to the next one
 * (the last one until the `end` given to result()).
 */
export class LitTracker {
  private readonly days = new Map<number, number>();
  private sawFalse = false;
  private first = Number.NaN;
  private lastTime = Number.NaN;
  private lastLit = false;

  constructor(private readonly clock: LocalClock) {}

  private addLit(days: Map<number, number>, from: number, to: number): void {
    let t = from;
    while (t < to) {
      const day = this.clock.day(t);
      // Next local midnight, with the offset at t (a DST change inside a lit stretch shifts the cut by an hour at most).
      const midnight = (day + 1) * 86_400 - this.clock.offsetSeconds(t);
      const cut = Math.min(to, midnight > t ? midnight : t + 86_400);
      days.set(day, (days.get(day) ?? 0) + (cut - t) / 3600);
      t = cut;
    }
  }

  add(t: number, light: number): void {
    if (light === 0) this.sawFalse = true;
    if (Number.isNaN(this.first)) this.first = t;
    if (this.lastLit && t > this.lastTime) this.addLit(this.days, this.lastTime, t);
    if (Number.isNaN(this.lastTime) || t >= this.lastTime) {
      this.lastTime = t;
      this.lastLit = light === 1;
    }
  }

  /** Lit hours per local day up to `end` (default the last reading); null when no reading said dark. */
  result(end?: number): LitDay[] | null {
    if (!this.sawFalse) return null;
    const stop = end ?? (Number.isNaN(this.lastTime) ? 0 : this.lastTime);
    const days = new Map(this.days);
    // The last state holds until the end (a copy: result() leaves the tracker as it was).
    if (this.lastLit) this.addLit(days, this.lastTime, Math.max(stop, this.lastTime));
    const first = Number.isNaN(this.first) ? 0 : this.clock.day(this.first);
    const last = this.clock.day(stop);
    const out: LitDay[] = [];
    for (let d = first; d <= last; d++) out.push({ day: d, litHours: days.get(d) ?? 0 });
    return out;
  }
}

/**
 * Lit hours per local day: the state holds from one reading to the next (the last one until
 * `end`, default the last reading). Null when no reading says `false` (state unknowable).
 */
export function litHoursPerDay(times: ArrayLike<number>, light: ArrayLike<number>, clock: LocalClock, end?: number): LitDay[] | null {
  const lit = new LitTracker(clock);
  for (let i = 0; i < light.length; i++) lit.add(times[i]!, light[i]!);
  return lit.result(end);
}
