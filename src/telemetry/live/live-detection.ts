// The fault detectors of src/analytics/detect, run live on readings as the store commits them.
// Per-sensor state lives in memory (a few kilobytes each, at most `maxSensors` of them); alarms
// live in the store, so they outlive the process. An alarm is one fault episode:
// - `stuck` opens when the run of repeats becomes too long and closes when the values change;
// - `dropout` opens when nothing has arrived for LATE_AFTER_CADENCES learned cadences (a sweep on
//   the server's clock) and closes with the next reading; a gap in device time (readings a device
//   held, a backfill) is raised, closed, when the reading after it arrives. A forward clock jump
//   shows as such a gap first: its clock_jump alarm follows when the clock is put right;
// - every other kind is found once the episode is over, so its alarm is raised already closed.
// Raised once per fault: an episode with an open alarm of its kind joins that alarm (also one
// found again after a restart), events on consecutive readings (a run of impossible values) join
// the alarm before them, and the id is derived from (device, sensor, kind, start), so the same
// event found again (a redelivered batch) replaces its alarm instead of adding one.
// Judged after the acknowledgements: `observe` queues a delivery and the detectors take it on the
// next turn of the event loop, a bounded chunk a turn, so detection never holds up a 201 (it ran
// between the commit and the ack before, adding its time to every request's round trip). Anything
// that reads the detectors' state (health, open alarms, the sweep, flush) judges what is queued first.
// What waits is a copy in columns (committed-columns.ts), not the Reading objects: held until their
// turn, those outlived a young-generation collection and cost the HTTP thread as much as judging.
import { DEFAULT_DETECT, DETECT_KINDS, Dht22Detector, EventSensorDetector, type DetectedEvent, type DetectOptions } from "../../analytics/detect/index.js";
import { DEFAULT_DHT_CADENCE, SENSOR_KINDS, type Reading, type SensorKind } from "../../sensors/index.js";
import { alarmId, type Alarm } from "../domain/alarm.js";
import type { AlarmRegistry } from "../ports.js";
import { CommittedColumns } from "./committed-columns.js";
import { LATE_AFTER_CADENCES, liveness, type SensorHealth } from "./health.js";

export interface LiveDetectionOptions {
  detect?: DetectOptions;
  /** Server clock, epoch ms. */
  now?: () => number;
  /** Sensors (device × sensor kind) kept in memory; beyond it the one heard of first is forgotten. Default 100,000. */
  maxSensors?: number;
  /** How often silent sensors are looked for (dropout alarms), ms; 0 for never (tests call `sweep`). Default 5000. */
  sweepMs?: number;
  /**
   * Readings judged in one turn of the event loop. Default 512 (about 0.1 ms): between turns the
   * thread takes new requests and hands committed batches to the SQLite writer, which a 1 ms turn
   * kept waiting (batches of 500 on a quiet machine: 82% of the rate without detection at 4096,
   * 86–95% at 512; docs/benchmarks.md).
   */
  judgeChunk?: number;
  /** A delivery of fewer readings, with none waiting, is judged at once (scheduling it would cost more). Default 64. */
  judgeAtOnceBelow?: number;
  /** Readings left waiting to be judged past which `observe` judges them at once. Default 100,000. */
  maxQueued?: number;
  /** A failed alarm write (the store down): logged by the caller; the alarm stays in memory. */
  onError?: (error: unknown) => void;
}

/**
 * `joinSeconds`: an event of the same kind starting within this much device time of the end of
 * the sensor's last alarm of that kind joins it, so a flapping detector (a sensor that spikes every
 * few readings, a room whose level keeps stepping) raises one alarm, not one per reading.
 * `judgeChunk` keeps a large delivery from holding up the requests behind it; `judgeAtOnceBelow`
 * spares a few readings (single-reading requests) the queue and the extra turn, which cost more than
 * judging them (a few microseconds); `maxQueued` bounds the readings held for judging, should ingest
 * ever outrun detection (it is far cheaper per reading).
 */
export const LIVE_DEFAULTS = { maxSensors: 100_000, sweepMs: 5000, joinSeconds: 300, judgeChunk: 512, judgeAtOnceBelow: 64, maxQueued: 100_000 } as const;

/** The alarm a sensor raised last, and the position of the last reading it covers. */
interface LastAlarm {
  alarm: Alarm;
  last: number;
}

class LiveSensor {
  count = 0;
  lastT = Number.NaN;
  lastArrival = Number.NaN;
  prevTemperature = Number.NaN;
  prevHumidity = Number.NaN;
  /** Ids of the last 8 closed alarms raised: an event found twice is raised once. */
  readonly raised: string[] = Array<string>(8).fill("");
  raisedAt = 0;
  /** Open alarms of this sensor (kept with #open): none, the usual case, skips every look-up. */
  openCount = 0;
  readonly last = new Map<string, LastAlarm>();
  constructor(
    readonly device: string,
    readonly sensor: SensorKind,
    readonly dht: Dht22Detector | undefined,
    readonly events: EventSensorDetector | undefined,
  ) {}
}

const openKey = (device: string, sensor: string, kind: string): string => `${device}\u0000${sensor}\u0000${kind}`;

export class LiveDetection {
  readonly #store: AlarmRegistry;
  readonly #o: Required<Omit<LiveDetectionOptions, "onError">> & { onError: ((error: unknown) => void) | undefined };
  readonly #sensors = new Map<string, LiveSensor>();
  /** Open alarms by (device, sensor, kind): at most one each. */
  readonly #open = new Map<string, Alarm>();
  /** Alarms grown by joined events since the last sweep: written then, not once per event. */
  readonly #dirty = new Set<Alarm>();
  #writes: Promise<void> = Promise.resolve();
  #recent: LiveSensor | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Committed readings not yet judged. */
  readonly #queue = new CommittedColumns();
  #turn: NodeJS.Immediate | undefined;
  /** Server time of the delivery being judged (its alarms' openedAt/closedAt); NaN between deliveries. */
  #committedAt = Number.NaN;

  private constructor(store: AlarmRegistry, o: LiveDetectionOptions) {
    this.#store = store;
    this.#o = {
      detect: o.detect ?? DEFAULT_DETECT,
      now: o.now ?? Date.now,
      maxSensors: o.maxSensors ?? LIVE_DEFAULTS.maxSensors,
      sweepMs: o.sweepMs ?? LIVE_DEFAULTS.sweepMs,
      judgeChunk: Math.max(1, o.judgeChunk ?? LIVE_DEFAULTS.judgeChunk),
      judgeAtOnceBelow: o.judgeAtOnceBelow ?? LIVE_DEFAULTS.judgeAtOnceBelow,
      maxQueued: o.maxQueued ?? LIVE_DEFAULTS.maxQueued,
      onError: o.onError,
    };
  }

  /** Loads the open alarms from the store (an episode open before a restart stays one alarm) and starts the sweep. */
  static async start(store: AlarmRegistry, options: LiveDetectionOptions = {}): Promise<LiveDetection> {
    const live = new LiveDetection(store, options);
    for (const a of await store.listAlarms({ state: "open", limit: Number.MAX_SAFE_INTEGER })) live.#open.set(openKey(a.device, a.sensor, a.kind), a);
    if (live.#o.sweepMs > 0) live.#timer = setInterval(() => live.sweep(), live.#o.sweepMs).unref();
    return live;
  }

  /**
   * Takes readings the store has just committed, in the order they arrived, to be judged on the
   * next turn of the event loop (at once when they are few and none wait, or when many wait).
   * Never throws: ingest goes on.
   */
  observe(readings: readonly Reading[]): void {
    if (readings.length === 0) return;
    try {
      this.#queue.append(readings, this.#o.now());
    } catch (error) {
      this.#o.onError?.(error); // a delivery that cannot be read is skipped, as one that broke a detector
      return;
    }
    const queued = this.#queue.size;
    if (queued < this.#o.judgeAtOnceBelow || queued > this.#o.maxQueued) this.#judge(Number.POSITIVE_INFINITY);
    else this.#turn ??= setImmediate(() => this.#judgeTurn());
  }

  #judgeTurn(): void {
    this.#turn = undefined;
    this.#judge(this.#o.judgeChunk);
    if (this.#queue.size > 0) this.#turn = setImmediate(() => this.#judgeTurn());
  }

  /** Judges about `budget` queued readings (whole queue with Infinity), oldest first, a run of one sensor at a time. */
  #judge(budget: number): void {
    const q = this.#queue;
    while (budget > 0 && q.size > 0) {
      const from = q.head;
      let to = Math.min(q.runEnd, from + budget);
      this.#committedAt = q.runCommittedAt;
      try {
        this.#observe(this.#sensor(q.runDevice, q.runKind), from, to);
      } catch (error) {
        this.#o.onError?.(error);
        to = q.deliveryEnd; // the rest of a delivery that broke a detector is skipped
      }
      this.#committedAt = Number.NaN;
      budget -= to - from;
      q.consume(to);
    }
  }

  /** The server clock, or the commit time of the delivery being judged. */
  #now(): number {
    return Number.isNaN(this.#committedAt) ? this.#o.now() : this.#committedAt;
  }

  /** Judges the queued readings at positions [from, to), all of sensor `s`. */
  #observe(s: LiveSensor, from: number, to: number): void {
    const q = this.#queue;
    const { t, arrival, mask } = q;
    if (s.dht === undefined) {
      for (let p = from; p < to; p++) {
        const i = p & mask;
        const index = s.count++;
        if (s.openCount > 0) this.#closeDropout(s, t[i]!);
        s.events!.push(index, t[i]!);
        s.lastT = t[i]!;
        s.lastArrival = arrival[i]!;
      }
      return;
    }
    const { temperature, humidity } = q;
    for (let p = from; p < to; p++) {
      const i = p & mask;
      const index = s.count++;
      const time = t[i]!;
      const temp = temperature[i]!;
      const hum = humidity[i]!;
      if (s.openCount > 0) this.#closeDropout(s, time);
      this.#checkGap(s, index, time);
      s.dht.push(index, time, temp, hum, arrival[i]);
      // A stuck alarm still open (found before a restart, whose run this process never saw
      // start) closes when the values change.
      if (s.openCount > 0 && (temp !== s.prevTemperature || hum !== s.prevHumidity) && index > 0) this.#closeOpen(s, "stuck", s.lastT);
      s.prevTemperature = temp;
      s.prevHumidity = hum;
      s.lastT = time;
      s.lastArrival = arrival[i]!;
    }
  }

  /**
   * A gap in device time longer than the detector allows is a dropout now: the detector itself
   * holds a gap for up to a day of readings in case a step back makes it a clock jump, too late
   * for a live alarm. Its own dropout event, when it comes, joins this alarm.
   */
  #checkGap(s: LiveSensor, index: number, t: number): void {
    const cadence = s.dht!.cadenceSeconds();
    const allowed = this.#o.detect.dht22.clock.gapFactor * cadence;
    const gap = t - s.lastT;
    if (Number.isNaN(cadence) || !(gap > allowed)) return;
    this.#onEvent(s, {
      device: s.device,
      sensor: s.sensor,
      kind: "dropout",
      start: s.lastT,
      end: t,
      first: index - 1,
      last: index,
      detectedAt: t,
      detectedIndex: index,
      score: gap / cadence,
      evidence: `no reading for ${gap.toFixed(0)} s (${(gap / cadence).toFixed(1)} cadences; allowed ${allowed.toFixed(0)} s)`,
    });
  }

  /** Opens a dropout alarm for every periodic sensor not heard from for LATE_AFTER_CADENCES learned cadences. */
  sweep(): void {
    this.#judge(Number.POSITIVE_INFINITY);
    this.#writeDirty();
    const now = this.#o.now() / 1000;
    for (const s of this.#sensors.values()) {
      if (s.dht === undefined || Number.isNaN(s.lastArrival)) continue;
      const cadence = s.dht.cadenceSeconds();
      if (Number.isNaN(cadence) || liveness(s.lastArrival, now, cadence) === "live") continue;
      if (this.#open.has(openKey(s.device, s.sensor, "dropout"))) continue;
      const silent = now - s.lastArrival;
      this.#raise(
        s,
        "dropout",
        s.lastT,
        null,
        silent / cadence,
        `nothing received for ${silent.toFixed(0)} s (${LATE_AFTER_CADENCES}+ learned cadences of ${cadence.toFixed(1)} s)`,
      );
    }
  }

  /** Each sensor of `device` the detectors have seen, as GET /v1/devices shows it. */
  health(device: string): SensorHealth[] {
    this.#judge(Number.POSITIVE_INFINITY);
    const now = this.#o.now() / 1000;
    const out: SensorHealth[] = [];
    let periodic: SensorHealth | undefined;
    for (const kind of SENSOR_KINDS) {
      const s = this.#sensors.get(`${device}\u0000${kind}`);
      if (s === undefined) continue;
      const learned = s.dht?.cadenceSeconds() ?? Number.NaN;
      const cadence = s.dht === undefined ? null : Number.isNaN(learned) ? null : learned;
      const h: SensorHealth = {
        sensor: kind,
        status: s.dht === undefined ? null : liveness(s.lastArrival, now, cadence ?? DEFAULT_DHT_CADENCE.intervalMs / 1000),
        lastSeen: s.lastT,
        lastArrival: s.lastArrival,
        cadenceSeconds: cadence,
      };
      if (s.dht !== undefined) periodic ??= h;
      out.push(h);
    }
    // An event sensor posts only on a change: its device's periodic sensor tells whether the device is up.
    for (const h of out) if (h.status === null && periodic !== undefined) h.status = periodic.status;
    return out;
  }

  /** The open alarms, in no particular order. */
  openAlarms(): Alarm[] {
    this.#judge(Number.POSITIVE_INFINITY);
    return [...this.#open.values()];
  }

  /** Waits until every alarm raised so far is written to the store. */
  async flush(): Promise<void> {
    this.#judge(Number.POSITIVE_INFINITY);
    this.#writeDirty();
    await this.#writes;
  }

  /** Stops the sweep, judges what is queued and waits for alarm writes in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearImmediate(this.#turn);
    this.#turn = undefined;
    await this.flush();
  }

  #sensor(device: string, kind: SensorKind): LiveSensor {
    // A delivery is mostly one device's readings in a row: skip building its key again. The
    // sensor found last is always still held (only a new sensor evicts one, and becomes `recent`).
    const recent = this.#recent;
    if (recent !== undefined && recent.device === device && recent.sensor === kind) return recent;
    const key = `${device}\u0000${kind}`;
    let s = this.#sensors.get(key);
    if (s !== undefined) {
      this.#recent = s;
      return s;
    }
    if (this.#sensors.size >= this.#o.maxSensors) this.#sensors.delete(this.#sensors.keys().next().value!);
    const sink = (e: DetectedEvent): void => this.#onEvent(s!, e);
    if (kind === "DHT22") {
      const dht = new Dht22Detector(device, sink, this.#o.detect.dht22, kind);
      dht.onStuckOpen = (e) => this.#onStuckOpen(s!, e);
      s = new LiveSensor(device, kind, dht, undefined);
    } else s = new LiveSensor(device, kind, undefined, new EventSensorDetector(device, kind, sink, this.#o.detect.events));
    for (const k of DETECT_KINDS) if (this.#open.has(openKey(device, kind, k))) s.openCount++;
    this.#sensors.set(key, s);
    this.#recent = s;
    return s;
  }

  #onStuckOpen(s: LiveSensor, e: DetectedEvent): void {
    if (this.#open.has(openKey(s.device, s.sensor, "stuck"))) return; // the same episode, raised before a restart
    this.#raise(s, "stuck", e.start, null, e.score, e.evidence);
  }

  /**
   * A finished episode: it closes the open alarm of its kind, joins the alarm just before it, or is
   * a new (closed) alarm. An alarm spans the earliest to the latest device time of the readings it
   * covers, so its end is never before its start: a clock put right steps device time back, and
   * its event runs from the fast clock's last time to the earlier, corrected one.
   */
  #onEvent(s: LiveSensor, e: DetectedEvent): void {
    const start = Math.min(e.start, e.end);
    const end = Math.max(e.start, e.end);
    if (s.openCount > 0) {
      const key = openKey(s.device, s.sensor, e.kind);
      const open = this.#open.get(key);
      if (open !== undefined) {
        this.#open.delete(key);
        this.#close(s, open, Math.min(open.start, start), Math.max(end, open.start), e.score, e.evidence, e.last);
        return;
      }
    }
    const before = s.last.get(e.kind);
    if (
      before !== undefined &&
      before.alarm.end !== null &&
      start >= before.alarm.start &&
      (e.first <= before.last + 1 || start - before.alarm.end <= LIVE_DEFAULTS.joinSeconds)
    ) {
      // A flapping detector: the episode grows; written at the next sweep, not once per event.
      const a = before.alarm;
      before.last = Math.max(before.last, e.last);
      a.end = Math.max(a.end!, end);
      a.score = Math.max(a.score, e.score);
      a.closedAt = this.#now();
      this.#dirty.add(a);
      return;
    }
    const id = alarmId(s.device, s.sensor, e.kind, start);
    // Raised already: the detector's own dropout for a gap raised when the reading after it came.
    if (s.raised.includes(id)) return;
    s.raised[s.raisedAt++ % s.raised.length] = id;
    const now = this.#now();
    const alarm: Alarm = {
      id,
      device: s.device,
      sensor: s.sensor,
      kind: e.kind,
      state: "closed",
      start,
      end,
      score: e.score,
      evidence: e.evidence,
      openedAt: now,
      closedAt: now,
    };
    s.last.set(e.kind, { alarm, last: e.last });
    this.#save(alarm);
  }

  #raise(s: LiveSensor, kind: string, start: number, end: null, score: number, evidence: string): void {
    const alarm: Alarm = {
      id: alarmId(s.device, s.sensor, kind, start),
      device: s.device,
      sensor: s.sensor,
      kind,
      state: "open",
      start,
      end,
      score,
      evidence,
      openedAt: this.#now(),
      closedAt: null,
    };
    this.#open.set(openKey(s.device, s.sensor, kind), alarm);
    s.openCount++;
    this.#save(alarm);
  }

  /** Closes the open alarm of `kind` on this sensor, if any, as ending at device time `end`. */
  #closeOpen(s: LiveSensor, kind: string, end: number): void {
    const key = openKey(s.device, s.sensor, kind);
    const open = this.#open.get(key);
    if (open === undefined) return;
    this.#open.delete(key);
    this.#close(s, open, open.start, Math.max(end, open.start), open.score, open.evidence, s.count - 1);
  }

  #closeDropout(s: LiveSensor, t: number): void {
    const key = openKey(s.device, s.sensor, "dropout");
    const open = this.#open.get(key);
    if (open === undefined) return;
    this.#open.delete(key);
    const evidence = `${open.evidence}; readings again from device time ${new Date(t * 1000).toISOString()}`;
    this.#close(s, open, open.start, Math.max(t, open.start), open.score, evidence, s.count - 1);
  }

  #close(s: LiveSensor, a: Alarm, start: number, end: number, score: number, evidence: string, last: number): void {
    s.openCount--;
    Object.assign(a, { state: "closed", start, end, score: Math.max(a.score, score), evidence, closedAt: this.#now() });
    s.last.set(a.kind, { alarm: a, last });
    this.#save(a);
  }

  #writeDirty(): void {
    for (const a of this.#dirty) this.#save(a);
    this.#dirty.clear();
  }

  /** Writes one at a time, in order: the store sees an alarm's open before its close. */
  #save(a: Alarm): void {
    const copy = { ...a };
    this.#writes = this.#writes.then(() => this.#store.saveAlarm(copy)).catch((error: unknown) => this.#o.onError?.(error));
  }
}
