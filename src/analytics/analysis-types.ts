// What an analysis of one or more devices is made of (the JSON of `mimic analyze`), and its options.
import type { DayChange } from "./daily-profile.js";
import type { Description } from "./describe.js";
import type { LitDay, MotionSummary } from "./events.js";
import type { Histogram } from "./histogram.js";
import type { Uptime } from "./uptime.js";
import { DISTINCT_LIMIT, EXACT_QUANTILE_LIMIT, type DistributionLimits } from "./value-distribution.js";

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
  /**
   * When quartiles stop being exact: distinct values counted, then values kept (defaults
   * DISTINCT_LIMIT and EXACT_QUANTILE_LIMIT per device and field); past both, a KLL sketch.
   */
  quantiles?: DistributionLimits;
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
  /** Readings that came too far out of time order to be put back in place (see reorder-buffer.ts); absent when none. */
  late?: number;
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

/** Fields that are events (booleans as 1/0): charted and counted, not described. */
export const EVENT_FIELDS: ReadonlySet<string> = new Set(["motion", "light"]);

/** The options with their defaults filled in: the one place the defaults live. */
export function resolveOptions(options: AnalyzeOptions): Required<AnalyzeOptions> {
  return {
    timeZone: options.timeZone ?? "UTC",
    fahrenheit: options.fahrenheit ?? false,
    rolling: options.rolling ?? { count: 20 },
    chartColumns: options.chartColumns ?? 600,
    quantiles: options.quantiles ?? { distinct: DISTINCT_LIMIT, exact: EXACT_QUANTILE_LIMIT },
  };
}
