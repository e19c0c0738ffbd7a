// The seed's notebook analysis of one or more devices: per device and field describe(), histogram
// with a fitted normal, hourly profile, day-over-day change, rolling mean/std and chart series;
// uptime for periodic sensors, motion per hour, lit hours per day, and the temperature–humidity
// correlation. Over arrays here; the same StreamingAnalysis reads files and the store as they stream.
import type { Analysis, AnalyzeOptions, DeviceSeries } from "./analysis-types.js";
import { StreamingAnalysis } from "./streaming-analysis.js";

export type { Analysis, AnalyzeOptions, DeviceAnalysis, DeviceSeries, FieldAnalysis } from "./analysis-types.js";
export { SCATTER_POINTS } from "./analysis-types.js";

/**
 * Analyses each device's series. Throws ANALYZE_UNKNOWN_TIMEZONE for a zone Intl does not know.
 *
 * @example
 * const a = analyze([{ device: "rp59adf374", type: "DHT22", times, fields: { temperature, humidity } }], { fahrenheit: true, timeZone: "America/New_York" });
 * a.devices[0].fields.temperature.describe; // { count: 10202, mean: 62.59, std: 0.72, … }
 */
export function analyze(series: readonly DeviceSeries[], options: AnalyzeOptions = {}): Analysis {
  const stream = new StreamingAnalysis(options);
  const none = new Float64Array(0);
  for (const s of series) {
    const sink = stream.series(s.device, s.type, Object.keys(s.fields));
    const { temperature = none, humidity = none, motion = none, light = none } = s.fields;
    for (let i = 0; i < s.times.length; i++)
      sink.push(s.times[i]!, temperature[i] ?? Number.NaN, humidity[i] ?? Number.NaN, motion[i] ?? Number.NaN, light[i] ?? Number.NaN);
  }
  return stream.finish();
}
