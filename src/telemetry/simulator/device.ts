// What every simulated device shares: identity, its room, its fault timeline, the reading it
// emits, and the device clock that stamps readings (true time + the clock's error).
import type { Random } from "../../synth/random/index.js";
import type { ReadingData, SensorKind } from "../domain/reading.js";
import type { ActiveFaults, FaultTimeline } from "./faults.js";
import type { Room } from "./room.js";

/** The `type` label each sensor kind reports, as the seed's devices did. */
export const TYPE_LABELS: Readonly<Record<SensorKind, string>> = { DHT22: "DHT22", PIR: "Onyehn_PIR", LIGHT: "Anmbest_MD46N" };

/** One reading produced by the simulator, with its ground truth. */
export interface SimReading {
  /** Idempotency key, deterministic for (seed, start, device, sequence). */
  id: string;
  device: string;
  kind: SensorKind;
  type: string;
  /** Device clock at the reading, epoch seconds with microseconds (what the device sends). */
  timestamp: number;
  /** True (simulated) time of the reading, epoch ms. */
  trueTime: number;
  /** Earliest true time it can leave the device (later than trueTime during a network outage). */
  deliverAt: number;
  data: ReadingData;
  /** Active fault labels, "" when none (e.g. "drift", "stuck+network_outage"). */
  fault: string;
}

/** A device in the fleet's event queue. */
export interface SimDevice {
  readonly id: string;
  readonly kind: SensorKind;
  readonly room: Room;
  /** True time of the device's next event, epoch ms. */
  readonly nextAt: number;
  /** Handles the event at `nextAt`, pushes any readings to `out`, then moves `nextAt` on. */
  step(out: SimReading[]): void;
}

const HEX = "0123456789abcdef";

/** A UUID-shaped id from four draws of the device's id stream. */
export function readingId(rng: Random): string {
  let s = "";
  for (let w = 0; w < 4; w++) {
    const x = rng.uint32();
    for (let i = 28; i >= 0; i -= 4) s += HEX[(x >>> i) & 15];
  }
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${HEX[8 + (rng.uint32() & 3)]}${s.slice(17, 20)}-${s.slice(20)}`;
}

/** Shared plumbing of the three sensor models. */
export abstract class BaseDevice implements SimDevice {
  nextAt: number;
  /** Fixed small error of the device clock (NTP-synced Pi), ms. */
  private readonly clockBiasMs: number;
  private readonly ids: Random;

  constructor(
    readonly id: string,
    readonly kind: SensorKind,
    readonly room: Room,
    protected readonly rng: Random,
    protected readonly faults: FaultTimeline,
    start: number,
  ) {
    this.nextAt = start;
    this.ids = rng.fork("ids", start);
    this.clockBiasMs = (rng.fork("clock").next() - 0.5) * 100;
  }

  abstract step(out: SimReading[]): void;

  /** Builds a reading at true time t under the active faults. */
  protected reading(t: number, active: ActiveFaults, data: ReadingData): SimReading {
    const deviceMs = t + this.clockBiasMs + active.clockOffsetMs;
    return {
      id: readingId(this.ids),
      device: this.id,
      kind: this.kind,
      type: TYPE_LABELS[this.kind],
      timestamp: Math.round(deviceMs * 1000) / 1e6,
      trueTime: t,
      deliverAt: active.outageEnd > t ? active.outageEnd : t,
      data,
      fault: active.label,
    };
  }
}
