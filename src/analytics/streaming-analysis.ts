// The analysis of a fleet's readings as they stream in from a file or the store, in any
// interleaving of devices: one reorder buffer and one DeviceAnalyzer per (device, type). Memory
// grows with the number of devices and days, not with the number of readings.
import type { Analysis, AnalyzeOptions } from "./analysis-types.js";
import { resolveOptions } from "./analysis-types.js";
import { DeviceAnalyzer } from "./device-analyzer.js";
import { localClock, type LocalClock } from "./local-time.js";
import { CountWindow, TimeWindow } from "./rolling.js";
import { ReorderBuffer, type ReadingSink } from "./reorder-buffer.js";

/**
 * Analyses readings pushed one at a time.
 *
 * @example
 * const a = new StreamingAnalysis({ fahrenheit: true, timeZone: "America/New_York" });
 * const rp = a.series("rp59adf374", "DHT22", ["temperature", "humidity"]);
 * for (const r of readings) rp.push(r.timestamp, r.temperature, r.humidity, NaN, NaN);
 * const analysis = a.finish();
 */
export class StreamingAnalysis {
  private readonly options: Required<AnalyzeOptions>;
  private readonly clock: LocalClock;
  private readonly devices = new Map<string, { analyzer: DeviceAnalyzer; buffer: ReorderBuffer }>();

  /** Throws ANALYZE_UNKNOWN_TIMEZONE or ANALYZE_BAD_OPTION before any reading is read. */
  constructor(options: AnalyzeOptions = {}) {
    this.options = resolveOptions(options);
    this.clock = localClock(this.options.timeZone);
    const r = this.options.rolling;
    if ("count" in r) new CountWindow(r.count);
    else new TimeWindow(r.seconds);
  }

  /** The sink of one device's readings of one type (the same one for the same pair); `fields` are the type's fields. */
  series(device: string, type: string, fields: readonly string[]): ReadingSink {
    const key = device + "\u0000" + type;
    let entry = this.devices.get(key);
    if (!entry) {
      const analyzer = new DeviceAnalyzer(device, type, fields, this.options, this.clock);
      this.devices.set(key, (entry = { analyzer, buffer: new ReorderBuffer(analyzer) }));
    }
    return entry.buffer;
  }

  /** Series (device and type pairs) seen so far. */
  get seriesCount(): number {
    return this.devices.size;
  }

  /** The analysis of everything pushed, devices sorted by id and type. Call once. */
  finish(): Analysis {
    const entries = [...this.devices.values()];
    for (const e of entries) e.buffer.drain();
    // Event states hold until the end of the data (the last reading of any device), not of their own.
    let end = Number.NEGATIVE_INFINITY;
    for (const e of entries) if (e.analyzer.count > 0) end = Math.max(end, e.analyzer.last);
    entries.sort((a, b) => compare(a.analyzer.device, b.analyzer.device) || compare(a.analyzer.type, b.analyzer.type));
    const o = this.options;
    return {
      timeZone: o.timeZone,
      units: { temperature: o.fahrenheit ? "°F" : "°C" },
      rolling: o.rolling,
      devices: entries.map((e) => e.analyzer.result(end, e.buffer.late)),
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
