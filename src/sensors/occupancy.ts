// Who is in a room when: a day plan of presence intervals from the room's habits (work hours,
// evenings, weekends) plus unplanned visits as a Poisson process. Each day's plan comes from its own
// random stream (room, day), so any day can be built on its own and in any order.
import type { Random } from "../random/index.js";
import { HOUR, MINUTE, localMidnight, weekday } from "./internal/calendar.js";
import { exponential, normal } from "./internal/sample.js";

export type RoomKind = "office" | "living-room" | "bedroom" | "kitchen" | "basement";
export const ROOM_KINDS: readonly RoomKind[] = ["office", "living-room", "bedroom", "kitchen", "basement"];

/** One stretch of presence: PIR detections arrive at `activity` per minute while it lasts. */
export interface Presence {
  start: number;
  end: number;
  /** Mean detections per minute (low while people sleep). */
  activity: number;
  /** Whether occupants switch a lamp on when it is dark (not while asleep). */
  lamp: boolean;
}

/** Mean unplanned visits per hour, by room kind, in the day (07–23) and at night. */
const VISITS: Record<RoomKind, { day: number; night: number }> = {
  office: { day: 0.25, night: 0.01 },
  "living-room": { day: 0.4, night: 0.03 },
  bedroom: { day: 0.2, night: 0.05 },
  kitchen: { day: 0.6, night: 0.05 },
  basement: { day: 0.12, night: 0.01 },
};

function at(midnight: number, hours: number): number {
  return midnight + hours * HOUR;
}

function routine(kind: RoomKind, rng: Random, midnight: number, dow: number): Presence[] {
  const weekend = dow === 0 || dow === 6;
  const out: Presence[] = [];
  const add = (startH: number, endH: number, activity: number, lamp = true): void => {
    if (endH > startH) out.push({ start: at(midnight, Math.max(0, startH)), end: at(midnight, Math.min(24, endH)), activity, lamp });
  };
  switch (kind) {
    case "office": {
      if (weekend ? rng.next() < 0.12 : rng.next() < 0.94) {
        const arrive = weekend ? normal(rng, 11, 1.2) : normal(rng, 8.6, 0.45);
        const leave = weekend ? arrive + 1 + 3 * rng.next() : normal(rng, 17.4, 0.6);
        if (!weekend && rng.next() < 0.65) {
          const lunch = normal(rng, 12.2, 0.3);
          add(arrive, lunch, 1.2);
          add(lunch + 0.5 + 0.5 * rng.next(), leave, 1.2);
        } else add(arrive, leave, 1.2);
      }
      break;
    }
    case "living-room":
      if (weekend) {
        add(normal(rng, 9, 0.8), normal(rng, 12.5, 0.7), 1.5);
        add(normal(rng, 15, 1), normal(rng, 23, 0.6), 1.5);
      } else add(normal(rng, 18.2, 0.6), normal(rng, 22.8, 0.5), 1.5);
      break;
    case "kitchen": {
      const breakfast = weekend ? normal(rng, 8.8, 0.6) : normal(rng, 6.9, 0.4);
      add(breakfast, breakfast + 0.3 + 0.3 * rng.next(), 3);
      if (weekend) {
        const lunch = normal(rng, 12.8, 0.5);
        add(lunch, lunch + 0.5 + 0.5 * rng.next(), 3);
      }
      const dinner = normal(rng, 18.6, 0.5);
      add(dinner, dinner + 0.7 + 0.6 * rng.next(), 3);
      break;
    }
    case "bedroom": {
      const wake = weekend ? normal(rng, 8.3, 0.7) : normal(rng, 6.6, 0.3);
      const sleep = normal(rng, 22.9, 0.5);
      add(0, wake, 0.08, false); // asleep: a few detections an hour
      add(wake, wake + 0.4, 1.5);
      add(sleep - 0.4, sleep, 1.5);
      add(sleep, 24, 0.08, false);
      break;
    }
    case "basement":
      break;
  }
  return out;
}

/** The day plan of a room (sorted, non-overlapping): routine plus Poisson visits. */
export function dayPresence(kind: RoomKind, rng: Random, day: number, utcOffsetHours: number): Presence[] {
  const midnight = localMidnight(day, utcOffsetHours);
  const plan = routine(kind, rng, midnight, weekday(day));
  const rate = VISITS[kind];
  // Visits: a Poisson process whose rate steps between night and day (thinning over a max rate).
  const maxRate = Math.max(rate.day, rate.night);
  let t = 0;
  for (;;) {
    t += exponential(rng, 1 / maxRate);
    if (t >= 24) break;
    const r = t >= 7 && t < 23 ? rate.day : rate.night;
    if (rng.next() * maxRate < r) {
      const minutes = 1 + exponential(rng, 5);
      plan.push({ start: at(midnight, t), end: Math.min(at(midnight, t) + minutes * MINUTE, at(midnight, 24)), activity: 2, lamp: true });
    }
  }
  return mergePresence(plan);
}

/** Cuts the plan at every boundary; each piece takes the busiest covering interval; equal neighbours join. */
function mergePresence(plan: readonly Presence[]): Presence[] {
  const cuts = [...new Set(plan.flatMap((p) => [p.start, p.end]))].sort((a, b) => a - b);
  const out: Presence[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    let best: Presence | undefined;
    for (const p of plan) if (p.start <= start && p.end >= end && (!best || p.activity > best.activity)) best = p;
    if (!best) continue;
    const last = out[out.length - 1];
    if (last && last.end === start && last.activity === best.activity && last.lamp === best.lamp) last.end = end;
    else out.push({ start, end, activity: best.activity, lamp: best.lamp });
  }
  return out;
}
