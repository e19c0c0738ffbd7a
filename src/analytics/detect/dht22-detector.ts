// Every test of a periodic DHT22 series, run reading by reading on one device. State is bounded
// (windows of 15 and 16 readings, 128 intervals), so a fleet costs a few kilobytes a device.
import type { SensorKind } from "../../sensors/index.js";
import { ArrivalTest, DEFAULT_ARRIVAL, type ArrivalOptions, type ArrivalRun } from "./arrival.js";
import { ClockGapTest, DEFAULT_CLOCK_GAP, type ClockGapOptions, type GapEvent } from "./clock-gap.js";
import { LevelStepTest, type StepOptions, type StepVerdict } from "./level-step.js";
import { DEFAULT_SPIKE, SpikeTest, type SpikeOptions, type SpikeVerdict } from "./spike.js";
import { DEFAULT_STUCK, StuckTest, type StuckOptions, type StuckRun } from "./stuck.js";
import type { EventSink } from "./types.js";

export interface Dht22Options {
  spike: SpikeOptions;
  stuck: StuckOptions;
  temperatureStep: StepOptions;
  humidityStep: StepOptions;
  clock: ClockGapOptions;
  arrival: ArrivalOptions;
  /** Physically possible values (the DHT22's datasheet ranges). */
  temperatureRange: readonly [number, number];
  humidityRange: readonly [number, number];
}

export const DEFAULT_DHT22: Dht22Options = {
  spike: DEFAULT_SPIKE,
  stuck: DEFAULT_STUCK,
  temperatureStep: { half: 8, threshold: 1 },
  humidityStep: { half: 8, threshold: 3.5 },
  clock: DEFAULT_CLOCK_GAP,
  arrival: DEFAULT_ARRIVAL,
  temperatureRange: [-40, 80],
  humidityRange: [0, 100],
};

const FIELDS = ["temperature", "humidity"] as const;

export class Dht22Detector {
  private readonly times: Float64Array;
  private readonly spikes: [SpikeTest, SpikeTest];
  private readonly steps: [LevelStepTest, LevelStepTest];
  private readonly stuck: StuckTest;
  private readonly clock: ClockGapTest;
  private readonly arrival: ArrivalTest;
  private prevTemperature = Number.NaN;
  private prevHumidity = Number.NaN;
  /** The reading before the newest, whose spike verdict is now known: it feeds the step tests. */
  private lagIndex = -1;
  private lagValues: [number, number] = [Number.NaN, Number.NaN];
  private lastSpike = -1;
  private lastStuckEnd = -1;
  /** Device time of the first reading of the current run of repeats, and of the newest reading. */
  private runStartT = Number.NaN;
  private prevT = Number.NaN;
  private readonly gapSink = (g: GapEvent): void => this.onGap(g);
  /** Count of readings seen. */
  count = 0;
  /**
   * Told when a stuck run becomes too long, before it ends (the `stuck` event comes when it does):
   * a live server raises its alarm then. The event's end and last are the newest reading so far.
   */
  onStuckOpen: EventSink | undefined;

  constructor(
    readonly device: string,
    private readonly emit: EventSink,
    private readonly o: Dht22Options = DEFAULT_DHT22,
    readonly sensor: SensorKind = "DHT22",
  ) {
    this.times = new Float64Array(64);
    this.spikes = [new SpikeTest(o.spike), new SpikeTest({ ...o.spike })];
    this.steps = [new LevelStepTest(o.temperatureStep), new LevelStepTest(o.humidityStep)];
    this.stuck = new StuckTest(o.stuck);
    this.clock = new ClockGapTest(o.clock);
    this.arrival = new ArrivalTest(o.arrival);
  }

  /** Device time of a recent reading (the last 64 are kept for the events' start and end). */
  private timeOf(index: number): number {
    return index > this.count - 64 && index >= 0 ? this.times[index & 63]! : Number.NaN;
  }

  /** Takes the next reading: its position in the device's series, device time, values, arrival (NaN if unknown). */
  push(index: number, t: number, temperature: number, humidity: number, arrival = Number.NaN): void {
    this.times[index & 63] = t;
    this.count = index + 1;
    const interval = this.clock.push(index, t, this.gapSink);
    if (interval !== undefined) {
      this.steps[0].reset();
      this.steps[1].reset();
      const s = this.stuck.close();
      if (s) this.onStuck(s);
    }
    this.checkRange(index, t, temperature, humidity);

    const repeats = temperature === this.prevTemperature && humidity === this.prevHumidity;
    this.prevTemperature = temperature;
    this.prevHumidity = humidity;
    const wasStuck = this.stuck.inRun;
    const run = this.stuck.push(index, repeats, t);
    if (run) this.onStuck(run);
    if (!wasStuck && this.stuck.inRun && this.onStuckOpen !== undefined) this.stuckOpened(index, t);
    if (!repeats) this.runStartT = t;
    this.prevT = t;

    const v0 = this.spikes[0].push(index, temperature);
    const v1 = this.spikes[1].push(index, humidity);
    if (v0 || v1) this.onSpike(v0, v1);

    // The step tests take the previous reading now that its spike verdict is known.
    if (this.lagIndex >= 0 && this.lagIndex !== this.lastSpike) {
      for (let f = 0; f < 2; f++) {
        const step = this.steps[f]!.push(this.lagIndex, this.lagValues[f]!);
        if (step) this.onStep(f, step);
      }
    }
    this.lagIndex = interval === undefined ? index : -1;
    this.lagValues[0] = temperature;
    this.lagValues[1] = humidity;

    const outage = this.arrival.push(index, t, arrival);
    if (outage) this.onArrival(outage);
  }

  /** The device's learned cadence, seconds (NaN until 16 intervals were seen). */
  cadenceSeconds(): number {
    return this.clock.cadence.median;
  }

  private stuckOpened(index: number, t: number): void {
    const needed = this.stuck.threshold();
    this.onStuckOpen!({
      device: this.device,
      sensor: this.sensor,
      kind: "stuck",
      first: index - needed + 1,
      last: index,
      start: this.runStartT,
      end: t,
      detectedAt: t,
      detectedIndex: index,
      score: 1,
      evidence: `${needed} identical readings in a row so far (this device's history makes ${needed} a one-in-10^9 run)`,
    });
  }

  /** Ends the input: open runs and held gaps are reported. */
  finish(): void {
    const s = this.stuck.close();
    if (s) this.onStuck(s);
    this.clock.finish(this.gapSink);
    const a = this.arrival.close();
    if (a) this.onArrival(a);
  }

  // Events are built whole, device and sensor first, rather than spread into a second literal:
  // the copy cost a tenth of the detectors' time on a series that raises an event every 16 readings.
  private onGap(g: GapEvent): void {
    this.emit({ device: this.device, sensor: this.sensor, ...g });
  }

  private onStuck(r: StuckRun): void {
    this.lastStuckEnd = r.last;
    this.emit({
      device: this.device,
      sensor: this.sensor,
      kind: "stuck",
      first: r.first,
      last: r.last,
      start: this.runStartT,
      end: this.prevT,
      detectedAt: r.detectedAt,
      detectedIndex: r.detectedIndex,
      score: r.length / r.needed,
      evidence: `${r.length} identical readings in a row (this device's history makes ${r.needed} a one-in-10^9 run)`,
    });
  }

  private onSpike(t: SpikeVerdict | undefined, h: SpikeVerdict | undefined): void {
    const v = t && h ? (t.z >= h.z ? t : h) : (t ?? h)!;
    const field = v === t ? "temperature" : "humidity";
    this.lastSpike = v.index;
    const at = this.timeOf(v.index);
    this.emit({
      device: this.device,
      sensor: this.sensor,
      kind: "spike",
      first: v.index,
      last: v.index,
      start: at,
      end: at,
      detectedAt: this.timeOf(v.index + 1),
      detectedIndex: v.index + 1,
      score: v.z,
      evidence: `${field} ${v.value.toFixed(1)} against a rolling median of ${v.median.toFixed(1)} (robust z ${v.z.toFixed(0)}), back at the next reading`,
    });
  }

  private onStep(field: number, s: StepVerdict): void {
    // A stuck run that just ended moves the level too: that is the stuck event's, not a drift.
    if (this.lastStuckEnd >= s.first - 1) return;
    this.emit({
      device: this.device,
      sensor: this.sensor,
      kind: "drift",
      first: s.first,
      last: s.last,
      start: this.timeOf(s.first),
      end: this.timeOf(s.last),
      detectedAt: this.timeOf(this.count - 1),
      detectedIndex: this.count - 1,
      score: Math.abs(s.step),
      evidence: `${FIELDS[field]} stepped ${s.step > 0 ? "up" : "down"} ${Math.abs(s.step).toFixed(1)} between two readings: the readings before were off by about that much`,
    });
  }

  private checkRange(index: number, t: number, temperature: number, humidity: number): void {
    const tl = this.o.temperatureRange[0];
    const th = this.o.temperatureRange[1];
    const hl = this.o.humidityRange[0];
    const hh = this.o.humidityRange[1];
    const badT = temperature < tl || temperature > th;
    const badH = humidity < hl || humidity > hh;
    if (!badT && !badH) return;
    this.emit({
      device: this.device,
      sensor: this.sensor,
      kind: "range",
      first: index,
      last: index,
      start: t,
      end: t,
      detectedAt: t,
      detectedIndex: index,
      score: 1,
      evidence: badT ? `temperature ${temperature} outside ${tl}…${th} °C` : `humidity ${humidity} outside ${hl}…${hh} %RH`,
    });
  }

  private onArrival(r: ArrivalRun): void {
    this.emit({
      device: this.device,
      sensor: this.sensor,
      kind: r.kind,
      first: r.first,
      last: r.last,
      start: r.start,
      end: r.end,
      detectedAt: r.start,
      detectedIndex: r.detectedIndex,
      score: r.peak,
      evidence:
        r.kind === "network_outage" ? `readings arrived up to ${r.peak.toFixed(0)} s late` : `device clock off its usual lag by up to ${r.peak.toFixed(1)} s`,
    });
  }
}
