// The DHT22 (AM2302) as the seed's Raspberry Pis read it: a read every interval, each read may
// fail (checksum or timing errors are common on a Pi) and is retried no sooner than 2 s later,
// values at 0.1 resolution with the datasheet's accuracy as a fixed per-device bias plus noise.
import type { Random } from "../random/index.js";
import type { ActiveFaults, FaultTimeline } from "./faults.js";
import { BaseDevice, type SimReading } from "./device.js";
import { clamp, normal, uniform } from "./internal/sample.js";
import type { Room } from "./room.js";
import { DHT22_DECIMALS } from "./sensor-fields.js";

/** How often a DHT22 is read. */
export interface DhtCadence {
  /** Pause between the end of one read and the start of the next, ms (the seed: 15 s). */
  intervalMs: number;
  /**
   * `low`: the interval plus read time and up to 1 s of scheduling delay; `seed`: what the seed's
   * devices really did, 22–32 s between readings; `none`: exactly the interval.
   */
  jitter: "none" | "low" | "seed";
  /** Probability that one read attempt fails (default 0.05). */
  failureRate: number;
  /** Attempts before a cycle gives up (Adafruit's read_retry: 15). */
  maxAttempts: number;
}

/** The DHT22 cannot be read more often than every 2 s (datasheet). */
export const DHT22_MIN_INTERVAL_MS = 2000;
const READ_MS = 270; // one read: start signal + 40 bits
/** Steps of the sensor's resolution in one °C or %RH: 10. */
const STEPS_PER_UNIT = 10 ** DHT22_DECIMALS;

export const DEFAULT_DHT_CADENCE: DhtCadence = { intervalMs: 15_000, jitter: "low", failureRate: 0.05, maxAttempts: 15 };

export interface DhtStats {
  attempts: number;
  failedReads: number;
  /** Cycles where every attempt failed, so no reading was sent. */
  missedCycles: number;
}

export class Dht22Device extends BaseDevice {
  readonly stats: DhtStats = { attempts: 0, failedReads: 0, missedCycles: 0 };
  /** Datasheet accuracy ±0.5 °C and ±2 %RH (±5 at the extremes): a fixed bias per unit. */
  private readonly biasT: number;
  private readonly biasH: number;
  private readonly noise: Random;
  private last: { temperature: number; humidity: number } | undefined;

  constructor(
    id: string,
    room: Room,
    rng: Random,
    faults: FaultTimeline,
    start: number,
    private readonly cadence: DhtCadence,
  ) {
    super(id, "DHT22", room, rng, faults, start + uniform(rng.fork("phase"), 0, Math.max(cadence.intervalMs, DHT22_MIN_INTERVAL_MS)));
    const cal = rng.fork("calibration");
    this.biasT = clamp(normal(cal, 0, 0.25), -0.5, 0.5);
    this.biasH = clamp(normal(cal, 0, 1.5), -5, 5);
    this.noise = rng.fork("noise");
  }

  step(out: SimReading[]): void {
    const c = this.cadence;
    let t = this.nextAt;
    let active = this.faults.advance(t);
    if (active.dropout) {
      // Powered off: nothing until the dropout ends, then a fresh cycle.
      while (active.dropout) {
        t += c.intervalMs;
        active = this.faults.advance(t);
      }
      this.nextAt = t;
      return;
    }
    let attempts = 1;
    while (this.noise.next() < c.failureRate && attempts < c.maxAttempts) attempts++;
    const failedAll = attempts === c.maxAttempts && this.noise.next() < c.failureRate;
    this.stats.attempts += attempts;
    this.stats.failedReads += failedAll ? attempts : attempts - 1;
    const readAt = t + (attempts - 1) * DHT22_MIN_INTERVAL_MS + READ_MS;
    if (failedAll) this.stats.missedCycles++;
    else out.push(this.read(readAt, this.faults.advance(readAt)));
    this.nextAt = readAt + this.pause();
  }

  private pause(): number {
    const c = this.cadence;
    switch (c.jitter) {
      case "none":
        return c.intervalMs;
      case "low":
        return c.intervalMs + 1000 * this.noise.next();
      case "seed":
        return uniform(this.noise, 22_000, 32_000) - READ_MS;
    }
  }

  private read(t: number, active: ActiveFaults): SimReading {
    let temperature: number;
    let humidity: number;
    if (active.stuck && this.last) ({ temperature, humidity } = this.last);
    else {
      const truth = this.room.climate(t);
      temperature = truth.temperature + this.biasT + normal(this.noise, 0, 0.1) + active.driftTemperature;
      humidity = truth.humidity + this.biasH + normal(this.noise, 0, 0.5) + active.driftHumidity;
    }
    if (active.spikeDue) {
      const spike = this.faults.takeSpike(t);
      if (spike["field"] === "temperature") temperature += Number(spike["offset"]);
      else humidity += Number(spike["offset"]);
    }
    // The sensor's range and 0.1 resolution.
    temperature = Math.round(clamp(temperature, -40, 80) * STEPS_PER_UNIT) / STEPS_PER_UNIT;
    humidity = Math.round(clamp(humidity, 0, 99.9) * STEPS_PER_UNIT) / STEPS_PER_UNIT;
    // A stuck sensor repeats its last good value (never a spike).
    if (!active.spikeDue && !active.stuck) this.last = { temperature, humidity };
    return this.reading(t, active, { temperature, humidity });
  }
}
