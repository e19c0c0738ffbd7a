// Local calendar time in an IANA time zone (`Europe/Berlin`, `America/New_York`, `UTC`), through
// Intl only. Formatting every reading with Intl would dominate a million-reading analysis, so the
// zone's UTC offset is looked up once per quarter hour of UTC time (zones change offsets on
// quarter hours at most) and reused.
import { MimicError } from "../errors/index.js";

const QUARTER = 900;

export interface LocalClock {
  zone: string;
  /** Local offset from UTC at epoch seconds t, seconds. */
  offsetSeconds(t: number): number;
  /** Local hour of day (0–23). */
  hour(t: number): number;
  /** Local calendar day as days since 1970-01-01 (of the local date). */
  day(t: number): number;
}

/** `2019-05-12` for a day number of `LocalClock.day`. */
export function dayLabel(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A clock for an IANA zone; throws ANALYZE_UNKNOWN_TIMEZONE for a name Intl does not know.
 *
 * @example
 * const ny = localClock("America/New_York");
 * ny.hour(1557619200); // 20 (2019-05-12T00:00Z is 20:00 EDT)
 */
export function localClock(zone: string): LocalClock {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch (cause) {
    throw new MimicError(
      "ANALYZE_UNKNOWN_TIMEZONE",
      `--tz "${zone}" is not a time zone this system knows; use an IANA name such as America/New_York, Europe/London or UTC.`,
      { cause },
    );
  }
  const cache = new Map<number, number>();
  // Readings come in time order: the last quarter hour asked is the likeliest next one.
  let lastKey = Number.NaN;
  let lastOffset = 0;
  const offsetAt = (t: number): number => {
    const key = Math.floor(t / QUARTER);
    if (key === lastKey) return lastOffset;
    let offset = cache.get(key);
    if (offset === undefined) {
      const at = key * QUARTER;
      const parts: Record<string, number> = {};
      for (const p of format.formatToParts(at * 1000)) if (p.type !== "literal") parts[p.type] = Number(p.value);
      const local = Date.UTC(parts["year"]!, parts["month"]! - 1, parts["day"], parts["hour"], parts["minute"], parts["second"]) / 1000;
      offset = local - at;
      if (cache.size > 100_000) cache.clear();
      cache.set(key, offset);
    }
    lastKey = key;
    lastOffset = offset;
    return offset;
  };
  return {
    zone,
    offsetSeconds: offsetAt,
    hour: (t) => Math.floor(((((t + offsetAt(t)) % 86_400) + 86_400) % 86_400) / 3600),
    day: (t) => Math.floor((t + offsetAt(t)) / 86_400),
  };
}
