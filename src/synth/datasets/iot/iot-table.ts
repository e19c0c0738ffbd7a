// The `iot` table: a simulated fleet's readings as rows, with the fault labels as a column. A
// room's climate is a time process, so rows come from running the fleet forward; chunk k is rows
// [k × chunkSize, …) of that one run. Chunks asked for in order cost nothing extra; a chunk asked
// out of order (another worker's) replays the run from the start, so output is the same either way.
import type { ColumnBatch, ColumnSpec, TableGenerator } from "../../batch.js";
import { Fleet, type FleetOptions, type SimReading } from "../../../sensors/index.js";

export const IOT_COLUMNS: readonly ColumnSpec[] = [
  { name: "reading_id", type: "string" },
  { name: "device", type: "string" },
  { name: "type", type: "string" },
  { name: "timestamp", type: "float", scale: 6 },
  { name: "temperature", type: "float", scale: 1, nullable: true },
  { name: "humidity", type: "float", scale: 1, nullable: true },
  { name: "motion", type: "bool", nullable: true },
  { name: "light", type: "bool", nullable: true },
  { name: "fault", type: "string" },
  { name: "room", type: "string" },
  { name: "true_time", type: "datetime", format: "iso" },
];

/** A fleet run as a table; `rows` is the number of readings in [start, end). */
export class IotTable implements TableGenerator {
  readonly shape = { name: "iot_readings", columns: IOT_COLUMNS };
  private fleet!: Fleet;
  private pending: SimReading[] = [];
  private produced = 0;
  private countCache: number | undefined;
  private readonly rooms = new Map<string, string>();

  constructor(
    private readonly options: FleetOptions,
    private readonly end: number,
    readonly chunkSize: number,
  ) {
    this.reset();
  }

  private reset(): void {
    this.fleet = new Fleet(this.options);
    for (const m of this.fleet.manifest) this.rooms.set(m.id, m.room);
    this.pending = [];
    this.produced = 0;
  }

  /** Readings in the configured period (a dry run of the fleet; cached). */
  get rows(): number {
    if (this.countCache === undefined) {
      let n = 0;
      new Fleet(this.options).runUntil(this.end, () => n++);
      this.countCache = n;
    }
    return this.countCache;
  }

  /** The next `n` readings of the run (past the period's end if asked: time simply goes on). */
  private take(n: number): SimReading[] {
    let step = 6 * 3_600_000;
    while (this.pending.length < n) {
      const before = this.pending.length;
      this.fleet.runUntil(this.fleet.time + step, (r) => this.pending.push(r));
      if (this.pending.length === before) step *= 2; // a quiet fleet (only PIRs at night): look further
    }
    const out = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);
    this.produced += n;
    return out;
  }

  generateChunk(chunkIndex: number, length: number): ColumnBatch {
    const first = chunkIndex * this.chunkSize;
    if (first < this.produced) this.reset();
    if (first > this.produced) this.take(first - this.produced);
    const rs = this.take(length);
    const id: string[] = new Array<string>(length);
    const device: string[] = new Array<string>(length);
    const type: string[] = new Array<string>(length);
    const fault: string[] = new Array<string>(length);
    const room: string[] = new Array<string>(length);
    const timestamp = new Float64Array(length);
    const trueTime = new Float64Array(length);
    const temperature = new Float64Array(length);
    const humidity = new Float64Array(length);
    const motion = new Uint8Array(length);
    const light = new Uint8Array(length);
    const noDht = new Uint8Array(length);
    const noMotion = new Uint8Array(length);
    const noLight = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const r = rs[i]!;
      id[i] = r.id;
      device[i] = r.device;
      type[i] = r.type;
      fault[i] = r.fault;
      room[i] = this.rooms.get(r.device)!;
      timestamp[i] = r.timestamp;
      trueTime[i] = Math.round(r.trueTime);
      const d = r.data as { temperature?: number; humidity?: number; motion?: boolean; light?: boolean };
      if (d.temperature !== undefined) {
        temperature[i] = d.temperature;
        humidity[i] = d.humidity!;
      } else noDht[i] = 1;
      if (d.motion !== undefined) motion[i] = d.motion ? 1 : 0;
      else noMotion[i] = 1;
      if (d.light !== undefined) light[i] = d.light ? 1 : 0;
      else noLight[i] = 1;
    }
    return {
      length,
      chunkIndex,
      columns: [
        { values: id },
        { values: device },
        { values: type },
        { values: timestamp },
        { values: temperature, nulls: noDht },
        { values: humidity, nulls: noDht },
        { values: motion, nulls: noMotion },
        { values: light, nulls: noLight },
        { values: fault },
        { values: room },
        { values: trueTime },
      ],
    };
  }
}
