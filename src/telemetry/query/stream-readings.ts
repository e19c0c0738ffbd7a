// Readings of any range, a page at a time: `mimic query` and `GET /v1/export` write what these
// yield as it comes, so memory holds one page whatever the range holds.
import { isMimicError, MimicError } from "../../errors/index.js";
import { SENSOR_FIELDS, SENSOR_KINDS } from "../../sensors/sensor-fields.js";
import type { SensorKind } from "../../sensors/reading.js";
import type { ReadingQuery, ReadingRow, TelemetryStore } from "../ports.js";
import { csvReadingLine, jsonReadingItems } from "./format-readings.js";
import { mergeSensorStreams, sensorsInRange } from "./merged-readings.js";

/** Rows per store query while streaming: big enough that a query's overhead vanishes, small enough to hold. */
export const STREAM_PAGE_ROWS = 10_000;

function unavailable(error: unknown): never {
  if (isMimicError(error) && error.status < 500) throw error;
  throw new MimicError("QUERY_UNAVAILABLE", "The store cannot answer queries right now; retry shortly.", { cause: error, retryAfterMs: 1000 });
}

/**
 * The raw readings of `query` (its `limit` is the most rows in all, Infinity for every one), in
 * the store's order (timestamp, device, kind, id), one page per store query, each page starting
 * after the last row of the one before (keyset paging: no row is skipped or repeated).
 */
export async function* readingPages(
  store: TelemetryStore,
  query: Omit<ReadingQuery, "limit" | "after" | "withIds">,
  limit = Number.POSITIVE_INFINITY,
  pageRows = STREAM_PAGE_ROWS,
): AsyncGenerator<ReadingRow[]> {
  let after: ReadingQuery["after"];
  let left = limit;
  while (left > 0) {
    const size = Math.min(pageRows, left);
    let page: ReadingRow[];
    try {
      page = (await store.queryReadings({ ...query, limit: size, withIds: true, ...(after ? { after } : {}) })) as ReadingRow[];
    } catch (error) {
      unavailable(error);
    }
    if (page.length === 0) return;
    const last = page[page.length - 1]!;
    after = { timestamp: last.timestamp, device: last.device, kind: last.kind, id: last.id! };
    for (const row of page) delete row.id;
    left -= page.length;
    yield page;
    if (page.length < size) return;
  }
}

/**
 * The field columns of a streamed answer, known before its first row: those of the kind asked
 * for, else of every kind the range holds, in the order the rows first show them — the columns
 * `readingsToCsv` would write for the same rows (each kind's fields are its own, so the first row
 * of each kind decides). Costs one one-row query per kind.
 */
export async function streamedFields(store: TelemetryStore, query: Omit<ReadingQuery, "limit">): Promise<string[]> {
  if (query.kind !== undefined) return SENSOR_FIELDS[query.kind].map((f) => f.name);
  const firsts: { kind: SensorKind; row: ReadingRow }[] = [];
  for (const kind of SENSOR_KINDS) {
    let rows: ReadingRow[];
    try {
      rows = (await store.queryReadings({ ...query, kind, limit: 1 })) as ReadingRow[];
    } catch (error) {
      unavailable(error);
    }
    if (rows[0] !== undefined) firsts.push({ kind, row: rows[0] });
  }
  // Rows of one time come by device, then kind: the same order the store answers in.
  firsts.sort((a, b) => a.row.timestamp - b.row.timestamp || compareText(a.row.device, b.row.device) || compareText(a.kind, b.kind));
  return firsts.flatMap((f) => SENSOR_FIELDS[f.kind].map((field) => field.name));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A streamed answer: its field columns, known before its first row, and its pages. */
export interface ReadingStream {
  fields: string[];
  pages: AsyncGenerator<ReadingRow[]>;
}

/**
 * Opens the raw readings of `query` (at most `limit`) as pages in the answer's order (timestamp,
 * device, kind, id). One sensor (device and kind given) is one keyset stream; otherwise one
 * stream per sensor in the range is merged (an index range each, in both stores), unless the range
 * holds more sensors than merging pays for, when the store's own order is paged by keyset.
 */
export async function openReadingStream(
  store: TelemetryStore,
  query: Omit<ReadingQuery, "limit">,
  limit = Number.POSITIVE_INFINITY,
  pageRows = STREAM_PAGE_ROWS,
): Promise<ReadingStream> {
  if (query.device !== undefined && query.kind !== undefined)
    return { fields: SENSOR_FIELDS[query.kind].map((f) => f.name), pages: readingPages(store, query, limit, pageRows) };
  try {
    const sensors = await sensorsInRange(store, query);
    if (sensors !== undefined) {
      const merged = await mergeSensorStreams(store, query, sensors, limit, pageRows);
      const fields =
        query.kind !== undefined ? SENSOR_FIELDS[query.kind].map((f) => f.name) : merged.firstOfKind.flatMap((r) => SENSOR_FIELDS[r.kind].map((f) => f.name));
      return { fields, pages: guarded(merged.pages) };
    }
  } catch (error) {
    unavailable(error);
  }
  return { fields: await streamedFields(store, query), pages: readingPages(store, query, limit, pageRows) };
}

/** Store failures in the middle of a merged stream, reported as the paged ones are. */
async function* guarded(pages: AsyncGenerator<ReadingRow[]>): AsyncGenerator<ReadingRow[]> {
  try {
    yield* pages;
  } catch (error) {
    unavailable(error);
  }
}

/**
 * Where streamed text goes: resolves when the bytes may be followed by more (back-pressure), to
 * false when the reader went away (the stream then stops reading the store).
 */
export type TextSink = (text: string) => Promise<boolean>;

/**
 * Writes the raw readings of `query` as CSV — byte for byte what `readingsToCsv` writes for the
 * same rows — a page at a time. Returns the number of readings written.
 */
export async function streamReadingsCsv(
  store: TelemetryStore,
  query: Omit<ReadingQuery, "limit">,
  write: TextSink,
  limit = Number.POSITIVE_INFINITY,
  pageRows = STREAM_PAGE_ROWS,
): Promise<number> {
  const { fields, pages } = await openReadingStream(store, query, limit, pageRows);
  if (!(await write(["device", "type", "timestamp", ...fields].join(",") + "\r\n"))) return 0;
  let count = 0;
  for await (const page of pages) {
    let text = "";
    for (const row of page) text += csvReadingLine(row, fields) + "\r\n";
    count += page.length;
    if (!(await write(text))) break;
  }
  return count;
}

/**
 * Writes the raw readings of `query` as the JSON of `GET /v1/readings` (`readingsToJson`), a page
 * at a time; the count, known only at the end, comes after the readings.
 */
export async function streamReadingsJson(
  store: TelemetryStore,
  query: Omit<ReadingQuery, "limit">,
  write: TextSink,
  limit = Number.POSITIVE_INFINITY,
  pageRows = STREAM_PAGE_ROWS,
): Promise<number> {
  const { pages } = await openReadingStream(store, query, limit, pageRows);
  if (!(await write(`{"success":true,"readings":[`))) return 0;
  let count = 0;
  for await (const page of pages) {
    const more = await write((count === 0 ? "" : ",") + jsonReadingItems(page));
    count += page.length;
    if (!more) break;
  }
  await write(`],"count":${count}}\n`);
  return count;
}
