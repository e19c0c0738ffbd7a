// The seed's notebook analysis of one or more devices, as one pure function over arrays: per
// device and field describe(), histogram with a fitted normal, hourly profile, day-over-day
// change, rolling mean/std and chart series; uptime for periodic sensors, motion per hour, lit
// hours per day, and the temperature–humidity correlation.
import { pearson } from "./correlation.js";
import { dayOverDay, hourlyProfile, type DayChange } from "./daily-profile.js";
import { describeSorted, type Description } from "./describe.js";
import { lttbIndices, minMaxPerBucket } from "./downsample.js";
import { litHoursPerDay, motionSummary, type LitDay, type MotionSummary } from "./events.js";
import { histogramSorted, type Histogram } from "./histogram.js";
import { localClock } from "./local-time.js";
import { momentsOf, standardDeviation } from "../numeric/index.js";
import { sortedFinite } from "./quantiles.js";
import { rollingByCount, rollingByTime } from "./rolling.js";
import { uptime, type Uptime } from "./uptime.js";

/** One device's readings of one sensor type, columns at ascending times (NaN = field absent). */
export interface DeviceSeries {
  device: string;
  /** Sensor type (DHT22, PIR, LIGHT…). */
  type: string;
  /** Epoch seconds, ascending. */
  times: Float64Array;
  fields: Record<string, Float64Array>;
}

export interface AnalyzeOptions {
  /** IANA zone for hours and days (default UTC). */
  timeZone?: string;
  /** Temperatures in °F instead of °C. */
  fahrenheit?: boolean;
  /** Rolling window: a number of readings (default 20, the seed's) or a time span. */
  rolling?: { count: number } | { seconds: number };
  /** Points per chart series (default 600 pixel columns). */
  chartColumns?: number;
}

export interface FieldAnalysis {
  describe: Description;
  histogram: Histogram;
  /** Mean by local hour 0–23 (null where the hour has no data). */
  hourly: { hour: number; count: number; mean: number | null; std: number | null }[];
  dayOverDay: (DayChange & { date: string })[];
  /** The rolling mean and std, reduced to the chart's columns (LTTB on the mean). */
  rolling: { t: number[]; mean: number[]; std: number[] };
  /** The raw series for charts: min and max per pixel column. */
  chart: { t: number[]; value: number[] };
}

export interface DeviceAnalysis {
  device: string;
  type: string;
  count: number;
  from: number;
  to: number;
  fields: Record<string, FieldAnalysis>;
  uptime?: Uptime;
  motion?: MotionSummary;
  /** Lit hours per local day; null when the data never says "dark". */
  lit?: (LitDay & { date: string })[] | null;
  correlations: Record<string, number>;
  /** Event fields (motion, light) for charts: per pixel column, the min and max state. */
  events: Record<string, { t: number[]; value: number[] }>;
  /** Up to SCATTER_POINTS (temperature, humidity) pairs, every k-th reading, for the scatter plot. */
  scatter?: { temperature: number[]; humidity: number[] };
}

/** Most points of a device's temperature–humidity scatter. */
export const SCATTER_POINTS = 1500;

export interface Analysis {
  timeZone: string;
  units: { temperature: "°C" | "°F" };
  rolling: { count: number } | { seconds: number };
  devices: DeviceAnalysis[];
}

/** Fields that are measurements (numbers); booleans become events. */
const EVENT_FIELDS = new Set(["motion", "light"]);

function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function analyzeField(times: Float64Array, values: Float64Array, options: Required<AnalyzeOptions>, clock: ReturnType<typeof localClock>): FieldAnalysis {
  const roll = "count" in options.rolling ? rollingByCount(values, options.rolling.count) : rollingByTime(times, values, options.rolling.seconds);
  const keep = lttbIndices(times, roll.mean, options.chartColumns);
  const chart = minMaxPerBucket(times, values, options.chartColumns);
  const sorted = sortedFinite(values);
  const moments = momentsOf(values);
  return {
    describe: describeSorted(sorted, moments),
    histogram: histogramSorted(sorted, moments),
    hourly: hourlyProfile(times, values, clock).map((m, hour) => ({ hour, count: m.count, mean: m.count > 0 ? m.mean : null, std: finiteOrNull(standardDeviation(m)) })),
    dayOverDay: dayOverDay(times, values, clock).map((d) => ({ ...d, date: dateOf(d.day) })),
    rolling: { t: Array.from(keep, (i) => times[i]!), mean: Array.from(keep, (i) => roll.mean[i]!), std: Array.from(keep, (i) => roll.std[i]!) },
    chart: { t: Array.from(chart.x), value: Array.from(chart.y) },
  };
}

/**
 * Analyses each device's series. Throws ANALYZE_UNKNOWN_TIMEZONE for a zone Intl does not know.
 *
 * @example
 * const a = analyze([{ device: "rp59adf374", type: "DHT22", times, fields: { temperature, humidity } }], { fahrenheit: true, timeZone: "America/New_York" });
 * a.devices[0].fields.temperature.describe; // { count: 10202, mean: 62.59, std: 0.72, … }
 */
export function analyze(series: readonly DeviceSeries[], options: AnalyzeOptions = {}): Analysis {
  const opts: Required<AnalyzeOptions> = { timeZone: options.timeZone ?? "UTC", fahrenheit: options.fahrenheit ?? false, rolling: options.rolling ?? { count: 20 }, chartColumns: options.chartColumns ?? 600 };
  const clock = localClock(opts.timeZone);
  // Event states hold until the end of the data (the last reading of any device), not of their own.
  let end = Number.NEGATIVE_INFINITY;
  for (const s of series) if (s.times.length > 0) end = Math.max(end, s.times[s.times.length - 1]!);
  const devices = series.map((s): DeviceAnalysis => {
    const fields: Record<string, FieldAnalysis> = {};
    const measured: Record<string, Float64Array> = {};
    for (const [name, raw] of Object.entries(s.fields)) {
      if (EVENT_FIELDS.has(name)) continue;
      const values = name === "temperature" && opts.fahrenheit ? raw.map((c) => (c * 9) / 5 + 32) : raw;
      measured[name] = values;
      fields[name] = analyzeField(s.times, values, opts, clock);
    }
    const n = s.times.length;
    const out: DeviceAnalysis = { device: s.device, type: s.type, count: n, from: n > 0 ? s.times[0]! : Number.NaN, to: n > 0 ? s.times[n - 1]! : Number.NaN, fields, correlations: {}, events: {} };
    for (const name of EVENT_FIELDS) {
      const values = s.fields[name];
      if (!values) continue;
      const chart = minMaxPerBucket(s.times, values, opts.chartColumns);
      if (chart.x.length > 0) out.events[name] = { t: Array.from(chart.x), value: Array.from(chart.y) };
    }
    const t = measured["temperature"];
    const h = measured["humidity"];
    if (t && h) {
      const step = Math.max(1, Math.ceil(n / SCATTER_POINTS));
      const scatter = { temperature: [] as number[], humidity: [] as number[] };
      for (let i = 0; i < n; i += step) {
        if (Number.isNaN(t[i]!) || Number.isNaN(h[i]!)) continue;
        scatter.temperature.push(t[i]!);
        scatter.humidity.push(h[i]!);
      }
      out.scatter = scatter;
    }
    if (Object.keys(measured).length > 0) {
      const u = uptime(s.times);
      if (u) out.uptime = u;
    }
    if (s.fields["motion"]) out.motion = motionSummary(s.times, s.fields["motion"], clock);
    if (s.fields["light"]) {
      const lit = litHoursPerDay(s.times, s.fields["light"], clock, end);
      out.lit = lit === null ? null : lit.map((d) => ({ ...d, date: dateOf(d.day) }));
    }
    const names = Object.keys(measured);
    for (let a = 0; a < names.length; a++) {
      for (let b = a + 1; b < names.length; b++) out.correlations[`${names[a]}~${names[b]}`] = pearson(measured[names[a]!]!, measured[names[b]!]!);
    }
    return out;
  });
  return { timeZone: opts.timeZone, units: { temperature: opts.fahrenheit ? "°F" : "°C" }, rolling: opts.rolling, devices };
}
