// Sunrise and sunset from latitude, longitude and date (NOAA's low-precision solar equations:
// within a few minutes away from the poles, which is far below the room-to-room variation).
import { DAY, dayOfYear } from "./internal/calendar.js";

export interface SunTimes {
  /** Epoch ms of sunrise, or NaN when the sun does not rise (polar night). */
  sunrise: number;
  /** Epoch ms of sunset, or NaN when it does not set (midnight sun). */
  sunset: number;
  /** True when the sun stays up all day, false when it stays down, undefined otherwise. */
  allDay?: boolean;
}

const RAD = Math.PI / 180;

/**
 * Sunrise and sunset on a local day at a place.
 *
 * @example
 * sunTimes(localDay(Date.UTC(2024, 5, 21, 12), 0), 51.5, -0.13); // London, midsummer
 */
export function sunTimes(day: number, latitude: number, longitude: number): SunTimes {
  const n = dayOfYear(day);
  const gamma = ((2 * Math.PI) / 365) * (n - 1);
  const eqTimeMin =
    229.18 * (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma) - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
  const decl =
    0.006918 - 0.399912 * Math.cos(gamma) + 0.070257 * Math.sin(gamma) - 0.006758 * Math.cos(2 * gamma) + 0.000907 * Math.sin(2 * gamma) - 0.002697 * Math.cos(3 * gamma) + 0.00148 * Math.sin(3 * gamma);
  // 90.833° zenith: the sun's upper limb at the horizon, with atmospheric refraction.
  const cosH = Math.cos(90.833 * RAD) / (Math.cos(latitude * RAD) * Math.cos(decl)) - Math.tan(latitude * RAD) * Math.tan(decl);
  // Solar noon in minutes after UTC midnight of the same calendar date (the offset only names the day).
  const noonUtcMin = 720 - 4 * longitude - eqTimeMin;
  const noon = day * DAY + noonUtcMin * 60_000;
  if (cosH > 1) return { sunrise: Number.NaN, sunset: Number.NaN, allDay: false };
  if (cosH < -1) return { sunrise: Number.NaN, sunset: Number.NaN, allDay: true };
  const halfDayMs = (Math.acos(cosH) / RAD) * 4 * 60_000;
  return { sunrise: noon - halfDayMs, sunset: noon + halfDayMs };
}

/** Sun elevation factor in [0, 1]: 0 at night, 1 at solar noon on that day (for solar gain). */
export function daylightFactor(t: number, sun: SunTimes): number {
  if (sun.allDay === true) return 1;
  if (sun.allDay === false || !(t > sun.sunrise && t < sun.sunset)) return 0;
  return Math.sin((Math.PI * (t - sun.sunrise)) / (sun.sunset - sun.sunrise));
}
