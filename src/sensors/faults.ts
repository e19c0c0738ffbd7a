// Labelled faults. Each kind is its own Poisson process per device (rate per day), drawn from the
// device's own stream as the device's time advances, so the same seed gives the same faults
// whatever the speed or the tick size. Every fault is reported once, with device, kind, start, end.
import type { Random } from "../random/index.js";
import type { SensorKind } from "./reading.js";
import { DAY, HOUR, MINUTE } from "./internal/calendar.js";
import { exponential, uniform } from "./internal/sample.js";

export type FaultKind = "stuck" | "spike" | "drift" | "dropout" | "clock_drift" | "clock_jump" | "network_outage";
export const FAULT_KINDS: readonly FaultKind[] = ["stuck", "spike", "drift", "dropout", "clock_drift", "clock_jump", "network_outage"];

/** An injected fault: the ground truth that anomaly detection is scored against. */
export interface FaultRecord {
  device: string;
  kind: FaultKind;
  /** Start, epoch ms of true (simulated) time. */
  start: number;
  /** End, epoch ms (equal to start for a spike, which hits one reading). */
  end: number;
  /** What the fault did, e.g. `{ field: "temperature", offset: 2.5 }` or `{ ppm: 800 }`. */
  detail: Readonly<Record<string, number | string>>;
}

/** Mean faults per device per day, by kind. Low by default: about one fault in three device-days. */
export const DEFAULT_FAULT_RATES: Readonly<Record<FaultKind, number>> = {
  stuck: 0.02,
  spike: 0.15,
  drift: 0.01,
  dropout: 0.05,
  clock_drift: 0.01,
  clock_jump: 0.01,
  network_outage: 0.05,
};

/** Kinds that make sense for a sensor: only the DHT22 has analogue values that drift. */
export function faultKindsFor(kind: SensorKind): readonly FaultKind[] {
  return kind === "DHT22" ? FAULT_KINDS : FAULT_KINDS.filter((k) => k !== "drift");
}

interface Pending {
  start: number;
  end: number;
  detail: Record<string, number | string>;
  reported: boolean;
}

function duration(kind: FaultKind, rng: Random): number {
  switch (kind) {
    case "stuck":
      return Math.min(10 * MINUTE + exponential(rng, 2 * HOUR), DAY);
    case "spike":
      return 0;
    case "drift":
      return uniform(rng, 6 * HOUR, 72 * HOUR);
    case "dropout":
      return Math.min(MINUTE + exponential(rng, 30 * MINUTE), 12 * HOUR);
    case "clock_drift":
      return uniform(rng, 6 * HOUR, 48 * HOUR);
    case "clock_jump":
      return Math.min(10 * MINUTE + exponential(rng, 3 * HOUR), DAY);
    case "network_outage":
      return Math.min(30_000 + exponential(rng, 20 * MINUTE), 6 * HOUR);
  }
}

function detail(kind: FaultKind, sensor: SensorKind, rng: Random): Record<string, number | string> {
  const sign = rng.next() < 0.5 ? -1 : 1;
  switch (kind) {
    case "spike":
      // PIR: a false trigger; light: a flicker. Only the DHT22 has a value to throw off.
      if (sensor !== "DHT22") return {};
      return rng.next() < 0.6 ? { field: "temperature", offset: sign * uniform(rng, 8, 40) } : { field: "humidity", offset: sign * uniform(rng, 20, 60) };
    case "drift":
      return rng.next() < 0.5 ? { field: "temperature", offset: sign * uniform(rng, 1.5, 4) } : { field: "humidity", offset: sign * uniform(rng, 5, 15) };
    case "clock_drift":
      return { ppm: sign * uniform(rng, 200, 2000) };
    case "clock_jump":
      return { offsetMs: Math.round(sign * uniform(rng, MINUTE, 2 * HOUR)) };
    default:
      return {};
  }
}

/** The faults active at an instant, as a device applies them. */
export interface ActiveFaults {
  stuck: boolean;
  dropout: boolean;
  /** End of the network outage in progress, or 0. */
  outageEnd: number;
  /** Device clock error now, ms. */
  clockOffsetMs: number;
  /** Drift offsets now. */
  driftTemperature: number;
  driftHumidity: number;
  /** The spike to apply to this reading, if one is due (consumed by `takeSpike`). */
  spikeDue: boolean;
  /** Labels of the faults active now, joined with "+" in a fixed order ("" when none). */
  label: string;
}

/**
 * The fault timeline of one device: call `advance(t)` with non-decreasing times.
 *
 * @example
 * const faults = new FaultTimeline("rp1", "DHT22", DEFAULT_FAULT_RATES, rng.fork("faults"), (f) => log.push(f));
 * const now = faults.advance(t);
 */
export class FaultTimeline {
  private readonly kinds: FaultKind[];
  private readonly next = new Map<FaultKind, Pending>();
  private readonly streams = new Map<FaultKind, Random>();
  private readonly state: ActiveFaults = { stuck: false, dropout: false, outageEnd: 0, clockOffsetMs: 0, driftTemperature: 0, driftHumidity: 0, spikeDue: false, label: "" };
  private spike: Pending | undefined;

  constructor(
    readonly device: string,
    private readonly sensor: SensorKind,
    private readonly rates: Readonly<Record<FaultKind, number>>,
    rng: Random,
    private readonly report: (fault: FaultRecord) => void,
    start: number,
  ) {
    this.kinds = faultKindsFor(sensor).filter((k) => rates[k] > 0);
    for (const kind of this.kinds) {
      const stream = rng.fork(kind);
      this.streams.set(kind, stream);
      this.schedule(kind, start);
    }
  }

  private schedule(kind: FaultKind, after: number): void {
    const rng = this.streams.get(kind)!;
    const start = after + exponential(rng, DAY / this.rates[kind]);
    this.next.set(kind, { start, end: start + duration(kind, rng), detail: detail(kind, this.sensor, rng), reported: false });
  }

  /** Moves to time t and returns the faults active then (the same object, updated). */
  advance(t: number): ActiveFaults {
    const s = this.state;
    s.stuck = s.dropout = s.spikeDue = false;
    s.outageEnd = s.clockOffsetMs = s.driftTemperature = s.driftHumidity = 0;
    let label = "";
    for (const kind of this.kinds) {
      let f = this.next.get(kind)!;
      // Faults that ended before t: report the ones never seen (they fell between two events).
      while (kind !== "spike" && f.end <= t) {
        this.emit(kind, f);
        this.schedule(kind, f.end);
        f = this.next.get(kind)!;
      }
      if (kind === "spike") {
        if (f.start <= t) {
          this.spike = f;
          s.spikeDue = true;
          label = label ? `${label}+spike` : "spike";
        }
        continue;
      }
      if (f.start > t) continue;
      this.emit(kind, f);
      label = label ? `${label}+${kind}` : kind;
      const progress = (t - f.start) / (f.end - f.start);
      switch (kind) {
        case "stuck":
          s.stuck = true;
          break;
        case "dropout":
          s.dropout = true;
          break;
        case "network_outage":
          s.outageEnd = f.end;
          break;
        case "drift":
          if (f.detail["field"] === "temperature") s.driftTemperature = Number(f.detail["offset"]) * progress;
          else s.driftHumidity = Number(f.detail["offset"]) * progress;
          break;
        case "clock_drift":
          s.clockOffsetMs += (Number(f.detail["ppm"]) * (t - f.start)) / 1e6;
          break;
        case "clock_jump":
          s.clockOffsetMs += Number(f.detail["offsetMs"]);
          break;
      }
    }
    s.label = label;
    return s;
  }

  /** Applies the due spike to the reading at t: reports it and schedules the next one. */
  takeSpike(t: number): Readonly<Record<string, number | string>> {
    const f = this.spike!;
    this.spike = undefined;
    f.start = f.end = t;
    this.emit("spike", f);
    this.schedule("spike", t);
    return f.detail;
  }

  /** The next instant a spike is due (devices that only send on change wake up for it). */
  nextSpikeAt(): number {
    return this.next.get("spike")?.start ?? Number.POSITIVE_INFINITY;
  }

  private emit(kind: FaultKind, f: Pending): void {
    if (f.reported) return;
    f.reported = true;
    this.report({ device: this.device, kind, start: f.start, end: f.end, detail: f.detail });
  }
}
