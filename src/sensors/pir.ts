// A PIR motion sensor (the seed's Onyehn HC-SR501) in retrigger mode: each detection holds the
// output high for `holdMs`; the device posts `motion: true` when the output rises and
// `motion: false` when it falls (the seed only ever sent `true`). Detections arrive as a Poisson
// process whose rate follows the room's presence plan.
import type { Random } from "../random/index.js";
import { BaseDevice, type SimReading } from "./device.js";
import type { FaultTimeline } from "./faults.js";
import { exponential, uniform } from "./internal/sample.js";
import type { Room } from "./room.js";

const NEVER = Number.POSITIVE_INFINITY;

export class PirDevice extends BaseDevice {
  private readonly holdMs: number;
  private readonly events: Random;
  private high = false;
  private fallAt = NEVER;
  private detectionAt: number;

  constructor(id: string, room: Room, rng: Random, faults: FaultTimeline, start: number) {
    super(id, "PIR", room, rng, faults, start);
    // The hold-time knob is set per unit, from a few seconds to a minute.
    this.holdMs = Math.round(uniform(rng.fork("hold"), 5_000, 60_000));
    this.events = rng.fork("detections");
    this.detectionAt = this.nextDetection(start);
    this.nextAt = this.earliest();
  }

  /** Next detection after `from` under a piecewise-constant rate (detections per minute). */
  private nextDetection(from: number): number {
    let t = from;
    let need = exponential(this.events, 1);
    // Bounded: a room empty for a long stretch still reaches its next day plan.
    for (let guard = 0; guard < 10_000; guard++) {
      const { rate, until } = this.room.activity(t);
      if (rate > 0) {
        const perMs = rate / 60_000;
        const dt = need / perMs;
        if (t + dt < until) return t + dt;
        need -= (until - t) * perMs;
      }
      t = until;
    }
    return NEVER;
  }

  private earliest(): number {
    return Math.min(this.detectionAt, this.fallAt, this.faults.nextSpikeAt());
  }

  step(out: SimReading[]): void {
    const t = this.nextAt;
    const active = this.faults.advance(t);
    if (t === this.fallAt) {
      this.fallAt = NEVER;
      this.high = false;
      // A device that is off or frozen never reports the fall.
      if (!active.dropout && !active.stuck) out.push(this.reading(t, active, { motion: false }));
    }
    const spike = active.spikeDue && t >= this.faults.nextSpikeAt();
    const detection = t === this.detectionAt;
    if (detection) this.detectionAt = this.nextDetection(t);
    if (spike || detection) {
      if (spike) this.faults.takeSpike(t); // a false trigger: heat from a radiator, a pet, sunlight
      if (!active.dropout && !active.stuck) {
        if (!this.high) out.push(this.reading(t, active, { motion: true }));
        this.high = true;
        this.fallAt = t + this.holdMs;
      }
    }
    this.nextAt = this.earliest();
  }
}
