// A room: its thermal character (setpoint, coupling to the outdoors, sun through the window),
// moisture sources, occupants and lamps. Climate is a pure function of time; the day plans of
// presence and light are built per (room, day) stream and cached for the days in use.
import type { Random } from "../random/index.js";
import { HOUR, localDay, localHour, localMidnight, weekday } from "./internal/calendar.js";
import { clamp, exponential, normal, uniform } from "./internal/sample.js";
import { dayPresence, type Presence, type RoomKind } from "./occupancy.js";
import type { Site } from "./site.js";
import { daylightFactor, sunTimes, type SunTimes } from "./sun.js";
import { saturationVapourPressure, type Weather } from "./weather.js";

/** The fixed character of a room, drawn once per room from the seed. */
export interface RoomProfile {
  id: string;
  kind: RoomKind;
  site: Site;
  /** Heating setpoint by day, °C; the room is unheated when null. */
  heatingSetpointC: number | null;
  /** Night (or out-of-office) setback, °C below the setpoint. */
  setbackC: number;
  /** Cooling setpoint, °C; no air conditioning when null. */
  coolingSetpointC: number | null;
  /** Share of outdoor swings that reach the free-running room (0 = cave, 1 = tent). */
  coupling: number;
  /** Heat from people and appliances, °C above the free-running balance. */
  internalGainC: number;
  /** Warming at full sun through the window, °C. */
  solarGainC: number;
  /** Thermal lag behind the outdoors, hours. */
  lagHours: number;
  /** How much the heating fails to hold on cold days (0 = perfectly held). */
  leak: number;
  /** Indoor moisture added to the outdoor vapour pressure, hPa (cooking, people, plants). */
  moistureHpa: number;
  /**
   * Share of the outdoor vapour pressure's swings (around its seasonal level) that reach the room's
   * air: walls, furniture and slow air exchange buffer moisture, so real rooms vary by 1–5 %RH over
   * days where the outdoors varies by tens of points.
   */
  moistureCoupling: number;
  /** How far the room's moisture lags the outdoors, hours (air exchange of a fraction per hour). */
  moistureLagHours: number;
  /** Whether daylight reaches the light sensor. */
  window: boolean;
  /** Probability occupants leave the lamp on when they go. */
  lampForgotten: number;
  /** Small unexplained indoor variation: doors, cooking, sun on a wall. */
  wiggles: readonly { amplitudeC: number; omega: number; phase: number }[];
}

/** Draws the character of a room. Rooms differ by setpoints and moisture more than by noise. */
export function drawRoomProfile(rng: Random, id: string, kind: RoomKind, site: Site): RoomProfile {
  // Living spaces and offices are heated; a basement only sometimes (one draw either way keeps
  // the rest of the profile's stream in place).
  const heatedDraw = rng.next();
  const heated = kind !== "basement" || heatedDraw < 0.3;
  const base = kind === "bedroom" ? 20 : kind === "office" ? 21 : 20.8;
  return {
    id,
    kind,
    site,
    heatingSetpointC: heated ? clamp(normal(rng, base, 0.5), 16, 25) : null,
    // What the room really loses overnight: thermal mass keeps it well above the thermostat's
    // setback (a 3 °C setback cools a room by about a degree in eight hours).
    setbackC: uniform(rng, 0.3, 1.5),
    coolingSetpointC: rng.next() < 0.45 ? clamp(normal(rng, 24.5, 1), 22, 27) : null,
    // Thermal mass and insulation: a room follows a fraction of the outdoor swings (measured
    // living spaces vary by 0.3–1 °C over days, the seed's by 0.4 °C).
    coupling: kind === "basement" ? uniform(rng, 0.03, 0.1) : uniform(rng, 0.1, 0.3),
    internalGainC: uniform(rng, 2, 4.5),
    solarGainC: kind === "basement" ? uniform(rng, 0, 0.3) : uniform(rng, 0.1, 1),
    lagHours: uniform(rng, 1.5, 5),
    leak: uniform(rng, 0.03, 0.12),
    moistureHpa: clamp(normal(rng, kind === "kitchen" ? 2.2 : kind === "basement" ? 2 : 1.4, 0.4), 0.2, 6),
    window: kind === "basement" ? rng.next() < 0.3 : rng.next() < 0.95,
    lampForgotten: uniform(rng, 0.02, 0.2),
    wiggles: [1.3, 3.7, 9.1].map((hours) => ({ amplitudeC: uniform(rng, 0.03, 0.15), omega: (2 * Math.PI) / (hours * HOUR), phase: uniform(rng, 0, 2 * Math.PI) })),
    // Drawn last so the draws above keep their place in the room's stream.
    // Basements: cool walls and earth hold moisture best.
    moistureCoupling: kind === "basement" ? uniform(rng, 0.12, 0.25) : uniform(rng, 0.25, 0.5),
    moistureLagHours: uniform(rng, 3, 10),
  };
}

export interface Climate {
  temperature: number; // °C
  humidity: number; // %RH
}

/** Lit stretches of a day: daylight through the window or a lamp. */
interface DayPlan {
  presence: Presence[];
  lit: { start: number; end: number }[];
}

/**
 * A room at run time: climate at any instant, presence and lit state from cached day plans.
 *
 * @example
 * const room = new Room(profile, weather, rng.fork("room", 0));
 * room.climate(Date.UTC(2019, 4, 11, 14)); // { temperature: 21.3, humidity: 48.2 }
 */
export class Room {
  private readonly plans = new Map<number, DayPlan>();

  constructor(
    readonly profile: RoomProfile,
    readonly weather: Weather,
    private readonly rng: Random,
  ) {}

  /** Heating setpoint now, with a smooth setback at night (home) or outside office hours. */
  private setpoint(t: number): number | null {
    const p = this.profile;
    if (p.heatingSetpointC === null) return null;
    const h = localHour(t, p.site.utcOffsetHours);
    const dow = weekday(localDay(t, p.site.utcOffsetHours));
    // Smooth steps (about an hour wide): the room takes time to follow the thermostat.
    const on = (from: number, to: number): number => 0.5 * (Math.tanh((h - from) / 0.6) - Math.tanh((h - to) / 0.6));
    const occupiedHours = p.kind === "office" ? (dow === 0 || dow === 6 ? 0 : on(7, 18.5)) : on(6, 22.8);
    return p.heatingSetpointC - p.setbackC * (1 - occupiedHours);
  }

  /** True temperature and humidity of the air at time t (before any sensor error). */
  climate(t: number): Climate {
    const p = this.profile;
    const lagged = t - p.lagHours * HOUR;
    const outdoorC = this.weather.temperature(lagged);
    const ground = p.site.meanC;
    const sun = p.window ? daylightFactor(lagged, this.sun(lagged)) : 0;
    let free = ground + p.coupling * (outdoorC - ground) + p.internalGainC + p.solarGainC * sun;
    for (const w of p.wiggles) free += w.amplitudeC * Math.sin(w.omega * t + w.phase);
    let temperature = free;
    const sp = this.setpoint(t);
    if (sp !== null && free < sp) temperature = sp + p.leak * (free - sp);
    else if (p.coolingSetpointC !== null && free > p.coolingSetpointC) temperature = p.coolingSetpointC + 2 * p.leak * (free - p.coolingSetpointC);
    // Indoor vapour pressure = the outdoor level, its swings damped and delayed by the building,
    // + indoor sources; RH then falls as the air warms.
    const level = saturationVapourPressure(this.weather.seasonalDewPoint(t));
    const outdoor = saturationVapourPressure(this.weather.dewPoint(t - p.moistureLagHours * HOUR));
    const vapour = level + p.moistureCoupling * (outdoor - level) + p.moistureHpa;
    const humidity = clamp((100 * vapour) / saturationVapourPressure(temperature), 3, 99.5);
    return { temperature, humidity };
  }

  private sunDay = Number.NaN;
  private sunOfDay: SunTimes = { sunrise: 0, sunset: 0 };

  /** Sun times of the day holding t, cached: climate is evaluated on every DHT22 read. */
  private sun(t: number): SunTimes {
    const s = this.profile.site;
    const day = localDay(t, s.utcOffsetHours);
    if (day !== this.sunDay) {
      this.sunDay = day;
      this.sunOfDay = sunTimes(day, s.latitude, s.longitude);
    }
    return this.sunOfDay;
  }

  /** The day plan (presence and lit intervals) of the local day holding t. */
  plan(t: number): DayPlan {
    const s = this.profile.site;
    const day = localDay(t, s.utcOffsetHours);
    let plan = this.plans.get(day);
    if (plan) return plan;
    plan = this.buildPlan(day);
    if (this.plans.size >= 4) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(day, plan);
    return plan;
  }

  private buildPlan(day: number): DayPlan {
    const p = this.profile;
    const s = p.site;
    const presence = dayPresence(p.kind, this.rng.fork("presence", day), day, s.utcOffsetHours);
    const rng = this.rng.fork("light", day);
    const midnight = localMidnight(day, s.utcOffsetHours);
    const dayEnd = midnight + 24 * HOUR;
    const sun = sunTimes(day, s.latitude, s.longitude);
    // Enough daylight for the sensor: from a while after sunrise to a while before sunset,
    // longer on cloudy days.
    const margin = uniform(rng, 10, 70) * 60_000;
    const lit: { start: number; end: number }[] = [];
    if (p.window) {
      if (sun.allDay === true) lit.push({ start: midnight, end: dayEnd });
      else if (sun.allDay === undefined && sun.sunset - sun.sunrise > 2 * margin) lit.push({ start: Math.max(midnight, sun.sunrise + margin), end: Math.min(dayEnd, sun.sunset - margin) });
    }
    const daylight = lit[0];
    for (const pr of presence) {
      if (!pr.lamp) continue;
      const forgot = rng.next() < p.lampForgotten ? exponential(rng, 1.5 * HOUR) : 0;
      const end = Math.min(dayEnd, pr.end + forgot);
      // Lamps go on only for the dark part of the stay.
      if (!daylight || end <= daylight.start || pr.start >= daylight.end) lit.push({ start: pr.start, end });
      else {
        if (pr.start < daylight.start) lit.push({ start: pr.start, end: daylight.start });
        if (end > daylight.end) lit.push({ start: Math.max(pr.start, daylight.end), end });
      }
    }
    return { presence, lit: unionIntervals(lit) };
  }

  /** Detections per minute at t (0 when nobody is there), and when that next changes. */
  activity(t: number): { rate: number; until: number } {
    return lookup(this.plan(t).presence, t, this.dayEnd(t), (p) => p.activity);
  }

  /** Whether the room is lit at t (daylight or a lamp), and when that next may change. */
  lit(t: number): { on: boolean; until: number } {
    const r = lookup(this.plan(t).lit, t, this.dayEnd(t), () => 1);
    return { on: r.rate > 0, until: r.until };
  }

  private dayEnd(t: number): number {
    const o = this.profile.site.utcOffsetHours;
    return localMidnight(localDay(t, o) + 1, o);
  }
}

/** The value of sorted intervals at t (0 outside), and the next instant it may change. */
function lookup<T extends { start: number; end: number }>(intervals: readonly T[], t: number, dayEnd: number, value: (x: T) => number): { rate: number; until: number } {
  for (const x of intervals) {
    if (t < x.start) return { rate: 0, until: x.start };
    if (t < x.end) return { rate: value(x), until: x.end };
  }
  return { rate: 0, until: dayEnd };
}

function unionIntervals(list: { start: number; end: number }[]): { start: number; end: number }[] {
  list.sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const x of list) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else if (x.end > x.start) out.push({ ...x });
  }
  return out;
}

