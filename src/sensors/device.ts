// What every simulated device shares: identity, its room, its fault timeline, the reading it
// emits, and the device clock that stamps readings (true time + the clock's error).
import type { Random } from "../random/index.js";
import type { ReadingData, SensorKind } from "./reading.js";
import type { ActiveFaults, FaultTimeline } from "./faults.js";
import type { Room } from "./room.js";
import { DEFAULT_TYPE_LABEL } from "./sensor-kinds.js";

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

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex32(x: number): string {
  return BYTE_HEX[x >>> 24]! + BYTE_HEX[(x >>> 16) & 255]! + BYTE_HEX[(x >>> 8) & 255]! + BYTE_HEX[x & 255]!;
}

/** A UUID-shaped (version 4 layout) id from five draws of the device's id stream. */
export function readingId(rng: Random): string {
  const a = hex32(rng.uint32());
  const b = rng.uint32();
  const c = rng.uint32();
  const d = hex32(rng.uint32());
  const variant = 8 + (rng.uint32() & 3);
  const bHex = hex32(b);
  const cHex = hex32(c);
  return `${a}-${bHex.slice(0, 4)}-4${bHex.slice(5, 8)}-${variant.toString(16)}${cHex.slice(1, 4)}-${cHex.slice(4)}${d}`;
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
      type: DEFAULT_TYPE_LABEL[this.kind],
      timestamp: Math.round(deviceMs * 1000) / 1e6,
      trueTime: t,
      deliverAt: active.outageEnd > t ? active.outageEnd : t,
      data,
      fault: active.label,
    };
  }
}
