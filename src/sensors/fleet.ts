// A fleet of simulated devices in rooms, advanced in simulated time by an event queue. Every
// device draws only from its own streams, and the queue orders events by (time, device index),
// so the readings up to any instant are the same however the run is sliced into ticks: the
// same seed gives the same readings and faults at --speed 1, 60 or flat-out backfill.
import { createRandom, type Random } from "../random/index.js";
import type { SensorKind } from "./reading.js";
import { SENSOR_KINDS } from "./sensor-fields.js";
import { MimicError, type Issue } from "../errors/index.js";
import { DEFAULT_DHT_CADENCE, DHT22_MIN_INTERVAL_MS, Dht22Device, type DhtCadence } from "./dht22.js";
import type { SimDevice, SimReading } from "./device.js";
import { DEFAULT_FAULT_RATES, FaultTimeline, type FaultKind, type FaultRecord } from "./faults.js";
import { pick } from "./internal/sample.js";
import { LightDevice } from "./light.js";
import { ROOM_KINDS, type RoomKind } from "./occupancy.js";
import { PirDevice } from "./pir.js";
import { drawRoomProfile, Room } from "./room.js";
import { DEFAULT_SITE, SITES, type Site } from "./site.js";
import { createWeather, type Weather } from "./weather.js";


/**
 * How sensors map to device ids: `sensor` (one sensor per id, kinds split by `mix`) or `seed`
 * (the seed's deployment: one Raspberry Pi per room carrying a DHT22, a PIR and a light sensor,
 * all three under the Pi's one id).
 */
export type FleetLayout = "sensor" | "seed";

export interface FleetOptions {
  seed: number | string;
  /** Number of devices: sensors (layout `sensor`), or Pis with three sensors each (layout `seed`). */
  devices: number;
  /** Relative share of each sensor kind, e.g. `{ DHT22: 2, PIR: 1, LIGHT: 1 }` (layout `sensor` only). */
  mix: Readonly<Partial<Record<SensorKind, number>>>;
  /** Default `sensor`. */
  layout?: FleetLayout;
  /** Simulated start, epoch ms. */
  start: number;
  /** Sites the rooms are spread over, round-robin (default: new-york). */
  sites?: readonly Site[];
  cadence?: DhtCadence;
  faultRates?: Readonly<Record<FaultKind, number>>;
}

/** Where a device sits; the simulator's manifest of the fleet. */
export interface FleetDevice {
  id: string;
  kind: SensorKind;
  room: string;
  roomKind: RoomKind;
  site: string;
}

/** Splits `n` devices over kinds by weight (largest remainder; ties in SENSOR_KINDS order). */
export function splitMix(n: number, mix: Readonly<Partial<Record<SensorKind, number>>>): Record<SensorKind, number> {
  const kinds = SENSOR_KINDS.filter((k) => (mix[k] ?? 0) > 0);
  const total = kinds.reduce((s, k) => s + mix[k]!, 0);
  const out: Record<SensorKind, number> = { DHT22: 0, PIR: 0, LIGHT: 0 };
  const rest = kinds.map((k) => {
    const exact = (n * mix[k]!) / total;
    out[k] = Math.floor(exact);
    return { k, frac: exact - out[k] };
  });
  let left = n - kinds.reduce((s, k) => s + out[k], 0);
  for (const r of [...rest].sort((a, b) => b.frac - a.frac)) {
    if (left-- <= 0) break;
    out[r.k]++;
  }
  return out;
}

/** Checks fleet options; every problem is listed at once. */
export function validateFleetOptions(o: FleetOptions): void {
  const issues: Issue[] = [];
  const bad = (path: string, message: string): void => void issues.push({ code: "out_of_range", path, message });
  const maxDevices = o.layout === "seed" ? MAX_DEVICES / SENSOR_KINDS.length : MAX_DEVICES;
  if (!Number.isInteger(o.devices) || o.devices < 1 || o.devices > maxDevices) bad("devices", `must be a whole number from 1 to ${maxDevices}${o.layout === "seed" ? " (each carries three sensors)" : ""}, got ${o.devices}`);
  if (o.layout !== undefined && o.layout !== "sensor" && o.layout !== "seed") bad("layout", `must be sensor or seed, got ${String(o.layout)}`);
  const weights = SENSOR_KINDS.map((k) => o.mix[k] ?? 0);
  if (weights.some((w) => !Number.isFinite(w) || w < 0) || weights.every((w) => w === 0)) bad("mix", "needs a share ≥ 0 per sensor kind (DHT22, PIR, LIGHT) and at least one above 0, e.g. dht22=2,pir=1,light=1");
  if (!Number.isFinite(o.start)) bad("start", "must be a valid date");
  const c = o.cadence;
  if (c) {
    if (!(c.intervalMs >= DHT22_MIN_INTERVAL_MS) || c.intervalMs > 86_400_000) bad("interval", `must be from 2s (the DHT22 cannot be read faster) to 1d, got ${c.intervalMs} ms`);
    if (!(c.failureRate >= 0 && c.failureRate < 1)) bad("read-failure-rate", `must be in [0, 1), got ${c.failureRate}`);
    if (!Number.isInteger(c.maxAttempts) || c.maxAttempts < 1 || c.maxAttempts > 100) bad("read-attempts", `must be a whole number from 1 to 100, got ${c.maxAttempts}`);
  }
  for (const [kind, rate] of Object.entries(o.faultRates ?? {})) {
    if (!(rate >= 0 && rate <= 1000)) bad(`faults.${kind}`, `must be a rate per device-day from 0 to 1000, got ${rate}`);
  }
  if (issues.length > 0) throw new MimicError("SIM_BAD_OPTION", `The fleet options are invalid: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}.`, { issues });
}

/** The largest fleet one simulator process takes, in sensors (memory: about 1 KB per sensor). */
export const MAX_DEVICES = 1_000_000;

/** Host-like device ids in the seed's style (`rp829c7e0e`), unique within the fleet. */
function deviceIds(rng: Random, n: number): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(`rp${rng.uint32().toString(16).padStart(8, "0")}`);
  return [...seen];
}

/** Min-heap of devices by (nextAt, index). */
class EventQueue {
  private readonly heap: number[] = [];
  constructor(private readonly devices: readonly SimDevice[]) {
    for (let i = 0; i < devices.length; i++) this.push(i);
  }
  private less(a: number, b: number): boolean {
    const ta = this.devices[a]!.nextAt;
    const tb = this.devices[b]!.nextAt;
    return ta < tb || (ta === tb && a < b);
  }
  peek(): number | undefined {
    return this.heap[0];
  }
  push(i: number): void {
    const h = this.heap;
    let c = h.push(i) - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.less(h[c]!, h[p]!)) break;
      [h[c], h[p]] = [h[p]!, h[c]!];
      c = p;
    }
  }
  /** Restores order after the top device's time moved forward. */
  siftTop(): void {
    const h = this.heap;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === p) return;
      [h[m], h[p]] = [h[p]!, h[m]!];
      p = m;
    }
  }
}

/**
 * A simulated fleet. `runUntil(t, sink)` emits every reading with true time before t.
 *
 * @example
 * const fleet = new Fleet({ seed: 7, devices: 12, mix: { DHT22: 2, PIR: 1, LIGHT: 1 }, start: Date.UTC(2019, 4, 8) });
 * fleet.runUntil(Date.UTC(2019, 4, 9), (r) => console.log(r.device, r.data, r.fault));
 * fleet.faults; // every injected fault: { device, kind, start, end, detail }
 */
export class Fleet {
  readonly devices: readonly SimDevice[];
  readonly manifest: readonly FleetDevice[];
  /** Every fault injected so far, in the order devices met them. */
  readonly faults: FaultRecord[] = [];
  private readonly queue: EventQueue;
  private readonly buffer: SimReading[] = [];
  private now: number;

  constructor(options: FleetOptions) {
    validateFleetOptions(options);
    const root = createRandom(options.seed).fork("simulator");
    const seedLayout = options.layout === "seed";
    // The seed's layout: every room has one Pi with one sensor of each kind.
    const counts = seedLayout ? { DHT22: options.devices, PIR: options.devices, LIGHT: options.devices } : splitMix(options.devices, options.mix);
    const sites = options.sites && options.sites.length > 0 ? options.sites : [SITES[DEFAULT_SITE]!];
    const weathers = new Map<string, Weather>();
    for (const site of sites) if (!weathers.has(site.name)) weathers.set(site.name, createWeather(site, root.fork("weather", site.name)));
    const roomCount = Math.max(counts.DHT22, counts.PIR, counts.LIGHT);
    const rooms: Room[] = [];
    for (let r = 0; r < roomCount; r++) {
      const rng = root.fork("room", r);
      const site = sites[r % sites.length]!;
      const kind = pick(rng.fork("kind"), ROOM_KINDS, [0.3, 0.25, 0.2, 0.15, 0.1]);
      rooms.push(new Room(drawRoomProfile(rng.fork("profile"), `room-${r + 1}`, kind, site), weathers.get(site.name)!, rng));
    }
    const ids = deviceIds(root.fork("ids"), options.devices);
    const rates = options.faultRates ?? DEFAULT_FAULT_RATES;
    const cadence = options.cadence ?? DEFAULT_DHT_CADENCE;
    const devices: SimDevice[] = [];
    const manifest: FleetDevice[] = [];
    let index = 0;
    for (const kind of SENSOR_KINDS) {
      for (let k = 0; k < counts[kind]; k++, index++) {
        const id = seedLayout ? ids[k]! : ids[index]!;
        const room = rooms[k]!;
        const rng = root.fork("device", index);
        const faults = new FaultTimeline(id, kind, rates, rng.fork("faults", options.start), (f) => this.faults.push(f), options.start);
        devices.push(
          kind === "DHT22"
            ? new Dht22Device(id, room, rng, faults, options.start, cadence)
            : kind === "PIR"
              ? new PirDevice(id, room, rng, faults, options.start)
              : new LightDevice(id, room, rng, faults, options.start),
        );
        manifest.push({ id, kind, room: room.profile.id, roomKind: room.profile.kind, site: room.profile.site.name });
      }
    }
    this.devices = devices;
    this.manifest = manifest;
    this.queue = new EventQueue(devices);
    this.now = options.start;
  }

  /** Simulated time reached so far, epoch ms. */
  get time(): number {
    return this.now;
  }

  /** Runs every event before `end` (epoch ms of simulated time), handing readings to `sink`. */
  runUntil(end: number, sink: (reading: SimReading) => void): void {
    const out = this.buffer;
    for (;;) {
      const top = this.queue.peek();
      if (top === undefined) break;
      const device = this.devices[top]!;
      if (device.nextAt >= end) break;
      device.step(out);
      this.queue.siftTop();
      for (let i = 0; i < out.length; i++) sink(out[i]!);
      out.length = 0;
    }
    if (end > this.now) this.now = end;
  }
}
