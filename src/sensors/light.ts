// A light sensor (the seed's Anmbest MD46N module: a photoresistor with a threshold) that posts
// the room's lit state when it changes, both on and off (the seed only ever sent `true`).
// `light: true` means the room is lit, by daylight or a lamp.
import type { Random } from "../random/index.js";
import { BaseDevice, type SimReading } from "./device.js";
import type { FaultTimeline } from "./faults.js";
import { uniform } from "./internal/sample.js";
import type { Room } from "./room.js";

/** While a fault freezes or powers off the sensor, it is looked at this often for its end. */
const FAULT_POLL_MS = 60_000;

export class LightDevice extends BaseDevice {
  /** Last state sent; undefined after start or a reboot, so the state is sent again. */
  private reported: boolean | undefined;
  private flickerEnd = Number.POSITIVE_INFINITY;
  private readonly flicker: Random;

  constructor(id: string, room: Room, rng: Random, faults: FaultTimeline, start: number) {
    super(id, "LIGHT", room, rng, faults, start + uniform(rng.fork("phase"), 0, 15_000));
    this.flicker = rng.fork("flicker");
  }

  step(out: SimReading[]): void {
    const t = this.nextAt;
    const active = this.faults.advance(t);
    const lit = this.room.lit(t);
    let wake = lit.until;
    if (active.dropout) {
      this.reported = undefined;
      wake = t + FAULT_POLL_MS;
    } else if (active.stuck) {
      wake = t + FAULT_POLL_MS;
    } else if (active.spikeDue && t >= this.faults.nextSpikeAt()) {
      // A flicker: a shadow or a reflection flips the module for a second or two.
      this.faults.takeSpike(t);
      out.push(this.reading(t, active, { light: !lit.on }));
      this.reported = !lit.on;
      this.flickerEnd = t + uniform(this.flicker, 1000, 3000);
    } else if (lit.on !== this.reported) {
      out.push(this.reading(t, active, { light: lit.on }));
      this.reported = lit.on;
    }
    if (t >= this.flickerEnd) this.flickerEnd = Number.POSITIVE_INFINITY;
    this.nextAt = Math.min(wake, this.flickerEnd, this.faults.nextSpikeAt() > t ? this.faults.nextSpikeAt() : wake);
  }
}
