// Outdoor temperature and dew point at a site: season + day–night cycle + multi-day weather.
// A pure function of time (no state), so any instant can be evaluated in any order.
import type { Random } from "../random/index.js";
import { DAY, localHour } from "./internal/calendar.js";
import { uniform } from "./internal/sample.js";
import type { Site } from "./site.js";

const YEAR = 365.2425 * DAY;
/** Warmest day of the year after 1 January (northern hemisphere; late July). */
const WARMEST_DAY = 200;

export interface Weather {
  /** Outdoor air temperature, °C. */
  temperature(t: number): number;
  /** Outdoor dew point, °C (never above the temperature). */
  dewPoint(t: number): number;
  /** The dew point of the season (no fronts, no daily cycle), °C: what indoor moisture settles around. */
  seasonalDewPoint(t: number): number;
}

/** Weather systems: periods of days, so fronts pass through rooms over days, not minutes. */
const FRONT_PERIODS_DAYS = [2.7, 4.9, 8.3];

/**
 * A site's weather for one seed: three weather "fronts" with seeded phases and amplitudes on top of
 * the climate normals.
 *
 * @example
 * const w = createWeather(SITES["london"]!, createRandom(1).fork("weather", "london"));
 * w.temperature(Date.UTC(2024, 6, 1, 15));
 */
export function createWeather(site: Site, rng: Random): Weather {
  const fronts = FRONT_PERIODS_DAYS.map((days) => ({
    omega: (2 * Math.PI) / (days * DAY),
    phase: uniform(rng, 0, 2 * Math.PI),
    amplitude: uniform(rng, 0.8, 2.2),
    moist: uniform(rng, -1.5, 1.5),
  }));
  const southern = site.latitude < 0;
  const warmest = (WARMEST_DAY + (southern ? 182.6 : 0)) * DAY;
  const front = (t: number): number => {
    let s = 0;
    for (const f of fronts) s += f.amplitude * Math.sin(f.omega * t + f.phase);
    return s;
  };
  const seasonal = (t: number): number => site.meanC + site.seasonalAmplitudeC * Math.cos((2 * Math.PI * (t - warmest)) / YEAR);
  const temperature = (t: number): number =>
    seasonal(t) + site.dailyAmplitudeC * Math.cos((2 * Math.PI * (localHour(t, site.utcOffsetHours) - 15)) / 24) + front(t);
  return {
    temperature,
    dewPoint(t: number): number {
      let moist = 0;
      for (const f of fronts) moist += f.moist * Math.sin(f.omega * t + f.phase + 1);
      // Dew point follows the day's mean air temperature (it barely has a daily cycle).
      const dp = seasonal(t) + front(t) - site.dewPointGapC + moist;
      return Math.min(dp, temperature(t) - 0.5);
    },
    seasonalDewPoint: (t: number): number => seasonal(t) - site.dewPointGapC,
  };
}

/** Saturation vapour pressure over water, hPa (Magnus–Tetens, Sonntag 1990 constants). */
export function saturationVapourPressure(tempC: number): number {
  return 6.112 * Math.exp((17.62 * tempC) / (243.12 + tempC));
}

