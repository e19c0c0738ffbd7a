// One device's readings of one sensor type, analysed while they stream past in time order: a
// FieldAnalyzer per measured field, uptime, motion and lit hours, event charts, correlations and
// the temperature–humidity scatter, each in memory that does not grow with the readings.
import { createRandom } from "../random/index.js";
import { EVENT_FIELDS, SCATTER_POINTS, type AnalyzeOptions, type DeviceAnalysis } from "./analysis-types.js";
import { CoMoments } from "./correlation.js";
import { MinMaxReducer } from "./downsample.js";
import { LitTracker, MotionTracker } from "./events.js";
import { FieldAnalyzer } from "./field-analyzer.js";
import { dayLabel, type LocalClock } from "./local-time.js";
import type { ReadingSink } from "./reorder-buffer.js";
import { UptimeTracker } from "./uptime.js";

/** The fields a reading carries, in ReadingSink.push order. */
const SINK_FIELDS = ["temperature", "humidity", "motion", "light"] as const;

/** Every k-th reading's (temperature, humidity), k doubling so at most SCATTER_POINTS are held. */
class ScatterSampler {
  private step = 1;
  private index: number[] = [];
  temperature: number[] = [];
  humidity: number[] = [];

  add(i: number, t: number, h: number): void {
    if (i % this.step !== 0 || Number.isNaN(t) || Number.isNaN(h)) return;
    this.index.push(i);
    this.temperature.push(t);
    this.humidity.push(h);
    if (this.index.length <= SCATTER_POINTS) return;
    this.step *= 2;
    const keep = this.index.map((k, j) => (k % this.step === 0 ? j : -1)).filter((j) => j >= 0);
    this.index = keep.map((j) => this.index[j]!);
    this.temperature = keep.map((j) => this.temperature[j]!);
    this.humidity = keep.map((j) => this.humidity[j]!);
  }
}

export class DeviceAnalyzer implements ReadingSink {
  count = 0;
  first = Number.NaN;
  last = Number.NEGATIVE_INFINITY;
  /** Per SINK_FIELDS position: the field's analyzer, when the field is measured. */
  private readonly measured: (FieldAnalyzer | undefined)[] = [];
  private readonly measuredNames: string[] = [];
  private readonly pairs: { a: number; b: number; name: string; co: CoMoments }[] = [];
  private readonly uptime: UptimeTracker | undefined;
  private readonly motion: MotionTracker | undefined;
  private readonly lit: LitTracker | undefined;
  private readonly events = new Map<number, MinMaxReducer>();
  private readonly scatter: ScatterSampler | undefined;
  private readonly values = new Float64Array(4);

  constructor(
    readonly device: string,
    readonly type: string,
    fields: readonly string[],
    private readonly options: Required<AnalyzeOptions>,
    private readonly clock: LocalClock,
  ) {
    const known = (f: string): number => (SINK_FIELDS as readonly string[]).indexOf(f);
    for (const f of fields) {
      const at = known(f);
      if (at < 0) continue;
      if (EVENT_FIELDS.has(f)) this.events.set(at, new MinMaxReducer(options.chartColumns));
      else {
        this.measured[at] = new FieldAnalyzer(createRandom(`analyze/${device}/${type}/${f}`), options);
        this.measuredNames.push(f);
      }
    }
    const names = this.measuredNames;
    for (let a = 0; a < names.length; a++)
      for (let b = a + 1; b < names.length; b++)
        this.pairs.push({ a: known(names[a]!), b: known(names[b]!), name: `${names[a]}~${names[b]}`, co: new CoMoments() });
    if (names.length > 0) this.uptime = new UptimeTracker();
    if (fields.includes("motion")) this.motion = new MotionTracker();
    if (fields.includes("light")) this.lit = new LitTracker(clock);
    if (names.includes("temperature") && names.includes("humidity")) this.scatter = new ScatterSampler();
  }

  push(time: number, temperature: number, humidity: number, motion: number, light: number): void {
    const i = this.count++;
    if (i === 0) this.first = time;
    if (time > this.last) this.last = time;
    const v = this.values;
    v[0] = this.options.fahrenheit ? (temperature * 9) / 5 + 32 : temperature;
    v[1] = humidity;
    v[2] = motion;
    v[3] = light;
    const hour = this.clock.hour(time);
    const day = this.clock.day(time);
    for (let f = 0; f < 4; f++) this.measured[f]?.add(time, hour, day, v[f]!);
    for (const p of this.pairs) p.co.add(v[p.a]!, v[p.b]!);
    for (const [f, chart] of this.events) chart.add(time, v[f]!);
    this.uptime?.add(time);
    this.motion?.add(hour, motion);
    this.lit?.add(time, light);
    this.scatter?.add(i, v[0], v[1]);
  }

  /** The analysis; `end` is the last reading of any device (event states hold until it). */
  result(end: number, late: number): DeviceAnalysis {
    const n = this.count;
    const out: DeviceAnalysis = {
      device: this.device,
      type: this.type,
      count: n,
      from: n > 0 ? this.first : Number.NaN,
      to: n > 0 ? this.last : Number.NaN,
      fields: {},
      correlations: {},
      events: {},
    };
    this.measured.forEach((f, at) => {
      if (f) out.fields[SINK_FIELDS[at]!] = f.result();
    });
    // Fields in the order they were named.
    out.fields = Object.fromEntries(this.measuredNames.map((name) => [name, out.fields[name]!]));
    for (const [f, chart] of this.events) {
      const c = chart.result();
      if (c.x.length > 0) out.events[SINK_FIELDS[f]!] = { t: Array.from(c.x), value: Array.from(c.y) };
    }
    if (this.scatter) out.scatter = { temperature: this.scatter.temperature, humidity: this.scatter.humidity };
    const u = this.uptime?.result();
    if (u) out.uptime = u;
    if (late > 0) out.late = late;
    if (this.motion) out.motion = this.motion.result(out.from, out.to);
    if (this.lit) {
      const lit = this.lit.result(end);
      out.lit = lit === null ? null : lit.map((d) => ({ ...d, date: dayLabel(d.day) }));
    }
    for (const p of this.pairs) out.correlations[p.name] = p.co.pearson();
    return out;
  }
}
