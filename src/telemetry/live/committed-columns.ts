// Committed readings waiting to be judged, copied into columns the moment they are committed.
// Holding the deliveries' Reading objects until their turn made them outlive a young-generation
// collection under batch load: the collector then copied and promoted them, which cost the HTTP
// thread about as much as judging them did (docs/benchmarks.md, "Live detection … columns"). The
// copy is a few numbers a reading into typed arrays that are reused, so the objects die young as
// they do without detection, and judging reads dense columns.
import type { Reading, SensorKind } from "../../sensors/index.js";

/**
 * A FIFO of committed readings as columns (device time, DHT22 values, arrival), in rings that
 * grow by doubling and are never shrunk, and of runs: consecutive readings of one sensor
 * (device × kind) in one delivery, so that the sensor is looked up once per run, not per reading.
 * Positions are absolute (they only grow); a ring slot is a position masked by its capacity.
 *
 * @example
 * const q = new CommittedColumns();
 * q.append(readings, Date.now());
 * while (q.size > 0) { const end = q.runEnd; for (let i = q.head; i < end; i++) use(q.t[i & q.mask]); q.consume(end); }
 */
export class CommittedColumns {
  /** Device time, epoch seconds. */
  t: Float64Array;
  /** DHT22 temperature and humidity (stale in slots of event sensors: never read for them). */
  temperature: Float64Array;
  humidity: Float64Array;
  /** Arrival (server time at acceptance), epoch seconds. */
  arrival: Float64Array;
  /** Slot of a position: `position & mask`. */
  mask: number;
  /** Position of the oldest waiting reading, and one past the newest. */
  head = 0;
  #tail = 0;
  // Runs, a ring of the same capacity (a run holds at least one reading).
  #runDevice: string[];
  #runKind: SensorKind[];
  #runEnd: Float64Array;
  #runCommittedAt: Float64Array;
  #runDeliveryEnd: Float64Array;
  #runHead = 0;
  #runTail = 0;

  constructor(capacity = 4096) {
    const c = 2 ** Math.ceil(Math.log2(Math.max(2, capacity)));
    this.mask = c - 1;
    this.t = new Float64Array(c);
    this.temperature = new Float64Array(c);
    this.humidity = new Float64Array(c);
    this.arrival = new Float64Array(c);
    this.#runDevice = Array<string>(c).fill("");
    this.#runKind = Array<SensorKind>(c).fill("DHT22");
    this.#runEnd = new Float64Array(c);
    this.#runCommittedAt = new Float64Array(c);
    this.#runDeliveryEnd = new Float64Array(c);
  }

  /** Readings waiting. */
  get size(): number {
    return this.#tail - this.head;
  }

  /**
   * Copies a delivery's readings in, committed at server time `committedAt` (epoch ms). All or
   * nothing: a reading that cannot be read (a DHT22 reading without data) throws with the queue
   * as it was.
   */
  append(readings: readonly Reading[], committedAt: number): void {
    const n = readings.length;
    if (n === 0) return;
    if (this.size + n > this.mask + 1) this.#grow(this.size + n);
    const tail = this.#tail;
    const runTail = this.#runTail;
    try {
      this.#copy(readings, committedAt);
    } catch (error) {
      this.#tail = tail;
      this.#runTail = runTail;
      throw error;
    }
  }

  #copy(readings: readonly Reading[], committedAt: number): void {
    const n = readings.length;
    const deliveryEnd = this.#tail + n;
    let device = "";
    let kind: SensorKind | undefined;
    for (let k = 0; k < n; k++) {
      const r = readings[k]!;
      const slot = this.#tail & this.mask;
      if (r.kind !== kind || r.device !== device) {
        if (kind !== undefined) this.#closeRun();
        device = r.device;
        kind = r.kind;
        const run = this.#runTail & this.mask;
        this.#runDevice[run] = device;
        this.#runKind[run] = kind;
        this.#runCommittedAt[run] = committedAt;
        this.#runDeliveryEnd[run] = deliveryEnd;
      }
      this.t[slot] = r.timestamp;
      this.arrival[slot] = r.receivedAt / 1000;
      if (kind === "DHT22") {
        const d = r.data as { temperature: number; humidity: number };
        this.temperature[slot] = d.temperature;
        this.humidity[slot] = d.humidity;
      }
      this.#tail++;
    }
    this.#closeRun();
  }

  /** Ends the run being appended at the current tail. */
  #closeRun(): void {
    this.#runEnd[this.#runTail & this.mask] = this.#tail;
    this.#runTail++;
  }

  // The oldest run: readings [head, runEnd) of one sensor from one delivery.
  get runDevice(): string {
    return this.#runDevice[this.#runHead & this.mask]!;
  }
  get runKind(): SensorKind {
    return this.#runKind[this.#runHead & this.mask]!;
  }
  get runEnd(): number {
    return this.#runEnd[this.#runHead & this.mask]!;
  }
  /** When the run's delivery was committed, epoch ms. */
  get runCommittedAt(): number {
    return this.#runCommittedAt[this.#runHead & this.mask]!;
  }
  /** One past the last position of the oldest run's delivery. */
  get deliveryEnd(): number {
    return this.#runDeliveryEnd[this.#runHead & this.mask]!;
  }

  /** Drops the waiting readings before position `to` (within or at the end of runs). */
  consume(to: number): void {
    this.head = Math.min(to, this.#tail);
    while (this.#runHead < this.#runTail && this.#runEnd[this.#runHead & this.mask]! <= this.head) {
      this.#runDevice[this.#runHead & this.mask] = ""; // holds no device id once judged
      this.#runHead++;
    }
  }

  /** Doubles the rings until `needed` readings fit, keeping every position's values. */
  #grow(needed: number): void {
    const c = 2 ** Math.ceil(Math.log2(needed));
    const oldMask = this.mask;
    const mask = c - 1;
    const move = (from: Float64Array, first: number, last: number): Float64Array => {
      const to = new Float64Array(c);
      for (let p = first; p < last; p++) to[p & mask] = from[p & oldMask]!;
      return to;
    };
    this.t = move(this.t, this.head, this.#tail);
    this.temperature = move(this.temperature, this.head, this.#tail);
    this.humidity = move(this.humidity, this.head, this.#tail);
    this.arrival = move(this.arrival, this.head, this.#tail);
    this.#runEnd = move(this.#runEnd, this.#runHead, this.#runTail);
    this.#runCommittedAt = move(this.#runCommittedAt, this.#runHead, this.#runTail);
    this.#runDeliveryEnd = move(this.#runDeliveryEnd, this.#runHead, this.#runTail);
    const devices = Array<string>(c).fill("");
    const kinds = Array<SensorKind>(c).fill("DHT22");
    for (let p = this.#runHead; p < this.#runTail; p++) {
      devices[p & mask] = this.#runDevice[p & oldMask]!;
      kinds[p & mask] = this.#runKind[p & oldMask]!;
    }
    this.#runDevice = devices;
    this.#runKind = kinds;
    this.mask = mask;
  }
}
