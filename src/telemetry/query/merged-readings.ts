// Readings of several sensors in one time order, merged from one keyset stream per sensor.
//
// Why: the SQLite store's key is (device, kind, ts, id), so "every device, ordered by time" has no
// index to walk; each keyset page of it would sort everything after the cursor (measured: 760k
// readings of 20 devices took 98 s). One (device, kind) is an index range in both stores, so the
// answer is merged here from one stream per sensor, each read a small page at a time.
import type { SensorKind } from "../../sensors/reading.js";
import type { BucketRow, ReadingCursor, ReadingQuery, ReadingRow, TelemetryStore } from "../ports.js";

/** Above this many sensors in a range, merging costs more than the store's own order: it is not used. */
export const MERGE_MAX_STREAMS = 1024;

/** The order of every answer: timestamp, device, kind, id. */
export function compareRows(a: ReadingRow, b: ReadingRow): number {
  return a.timestamp - b.timestamp || text(a.device, b.device) || text(a.kind, b.kind) || text(a.id ?? "", b.id ?? "");
}

function text(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The sensors (device, kind) with readings in the range, sorted, from one aggregate pass (one
 * bucket as wide as the range, so at most two rows per sensor); undefined when there are more than
 * {@link MERGE_MAX_STREAMS}.
 */
export async function sensorsInRange(store: TelemetryStore, query: Omit<ReadingQuery, "limit">): Promise<{ device: string; kind: SensorKind }[] | undefined> {
  const { after: _after, withIds: _withIds, fields: _fields, ...range } = query;
  const span = Math.max(1, Math.ceil(range.to - range.from));
  const rows = (await store.queryReadings({ ...range, bucketSeconds: span, limit: MERGE_MAX_STREAMS * 2 + 1 })) as BucketRow[];
  const seen = new Map<string, { device: string; kind: SensorKind }>();
  for (const r of rows) seen.set(`${r.device}\u0000${r.kind}`, { device: r.device, kind: r.kind });
  if (rows.length > MERGE_MAX_STREAMS * 2 || seen.size > MERGE_MAX_STREAMS) return undefined;
  return [...seen.values()].sort((a, b) => text(a.device, b.device) || text(a.kind, b.kind));
}

/** One sensor's readings, a page at a time, by keyset. */
class SensorStream {
  rows: ReadingRow[] = [];
  at = 0;
  done = false;
  #after: ReadingCursor | undefined;

  constructor(
    private readonly store: TelemetryStore,
    private readonly query: ReadingQuery,
  ) {}

  get head(): ReadingRow | undefined {
    return this.rows[this.at];
  }

  /** Reads the next page once this one is used up; false when the sensor has no more. */
  async fill(): Promise<boolean> {
    if (this.at < this.rows.length) return true;
    if (this.done) return false;
    const page = (await this.store.queryReadings({ ...this.query, withIds: true, ...(this.#after ? { after: this.#after } : {}) })) as ReadingRow[];
    this.rows = page;
    this.at = 0;
    if (page.length < this.query.limit) this.done = true;
    const last = page[page.length - 1];
    if (last !== undefined) this.#after = { timestamp: last.timestamp, device: last.device, kind: last.kind, id: last.id! };
    return page.length > 0;
  }
}

/** A binary min-heap of streams by their head row. */
class StreamHeap {
  readonly #items: SensorStream[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(s: SensorStream): void {
    const a = this.#items;
    a.push(s);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (compareRows(a[i]!.head!, a[p]!.head!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): SensorStream {
    const a = this.#items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && compareRows(a[l]!.head!, a[m]!.head!) < 0) m = l;
        if (r < a.length && compareRows(a[r]!.head!, a[m]!.head!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** The merged answer: each kind's first row (for the columns) and the pages. */
export interface MergedReadings {
  /** The first row of each kind present, in the answer's order. */
  firstOfKind: ReadingRow[];
  pages: AsyncGenerator<ReadingRow[]>;
}

/**
 * Merges one keyset stream per sensor into pages of `pageRows` readings in the answer's order.
 * Memory: about `pageRows` rows of output and 4 × `pageRows` rows of buffered pages, split over
 * the sensors (at least 64 rows each), whatever the range holds.
 */
export async function mergeSensorStreams(
  store: TelemetryStore,
  query: Omit<ReadingQuery, "limit">,
  sensors: readonly { device: string; kind: SensorKind }[],
  limit: number,
  pageRows: number,
): Promise<MergedReadings> {
  const perSensor = Math.max(64, Math.min(pageRows, Math.floor((4 * pageRows) / Math.max(1, sensors.length))));
  const heap = new StreamHeap();
  const { after: _after, withIds: _withIds, ...base } = query;
  const heapStreams: SensorStream[] = [];
  for (const s of sensors) {
    const stream = new SensorStream(store, { ...base, device: s.device, kind: s.kind, limit: perSensor });
    if (await stream.fill()) {
      heap.push(stream);
      heapStreams.push(stream);
    }
  }
  // Each stream's head is its sensor's first row; the earliest of a kind's is the kind's first.
  const firstOfKind = new Map<SensorKind, ReadingRow>();
  for (const s of heapStreams) {
    const known = firstOfKind.get(s.head!.kind);
    if (known === undefined || compareRows(s.head!, known) < 0) firstOfKind.set(s.head!.kind, s.head!);
  }
  async function* pages(): AsyncGenerator<ReadingRow[]> {
    let left = limit;
    while (heap.size > 0 && left > 0) {
      const out: ReadingRow[] = [];
      const size = Math.min(pageRows, left);
      while (heap.size > 0 && out.length < size) {
        const s = heap.pop();
        out.push(s.rows[s.at++]!);
        if (await s.fill()) heap.push(s);
      }
      left -= out.length;
      for (const r of out) delete r.id;
      yield out;
    }
  }
  return { firstOfKind: [...firstOfKind.values()].sort(compareRows).map((r) => ({ ...r })), pages: pages() };
}
