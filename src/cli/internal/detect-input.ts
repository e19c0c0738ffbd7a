// What `mimic detect` reads: readings in the order they were taken or arrived, per (device,
// sensor), with their reading ids and — when the file has them — fault labels, true time and
// arrival time for scoring. A CSV of `mimic generate iot` or `mimic query --format csv`; columns are
// found by name. Unlike `analyze`, the readings are not sorted: a device clock that steps back is
// evidence, and sorting would hide it.
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { CsvError, parse } from "csv-parse";
import type { DetectSeries, TruthSeries } from "../../analytics/detect/index.js";
import { MimicError } from "../../errors/index.js";
import { kindOfLabel, type SensorKind } from "../../sensors/index.js";

/** One device-sensor series as read, with what the scorer needs beside it. */
export interface DetectInput {
  series: DetectSeries;
  ids: (string | undefined)[];
  truth: TruthSeries;
  /** True when the file carried a `fault` column. */
  labelled: boolean;
}

interface Growing {
  device: string;
  kind: SensorKind;
  t: number[];
  te: number[];
  hu: number[];
  ar: number[];
  tr: number[];
  ids: (string | undefined)[];
  labels: string[];
}

function bad(file: string, message: string): MimicError {
  return new MimicError("ANALYZE_BAD_INPUT", `${file}: ${message}`);
}

const toNumber = (s: string | undefined): number => (s === undefined || s === "" ? Number.NaN : s === "true" ? 1 : s === "false" ? 0 : Number(s));

/** Reads the --in files into per-(device, sensor) series in input order (streamed: no file is held whole). */
export async function readDetectCsv(files: readonly string[], cwd: string): Promise<DetectInput[]> {
  const groups = new Map<string, Growing>();
  const seenIds = new Set<string>();
  let anyLabels = false;
  for (const file of files) if (await readOneFile(file, cwd, groups, seenIds)) anyLabels = true;
  return [...groups.values()].map((g) => toInput(g, anyLabels));
}

/** Streams one file's records into `groups`; true when it has a `fault` column. */
async function readOneFile(file: string, cwd: string, groups: Map<string, Growing>, seenIds: Set<string>): Promise<boolean> {
  // csv-parse (RFC 4180: quotes, CRLF, a BOM) reads the file as a stream of records.
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  // pipe() does not pass on a read error (a missing file): hand it to the parser so the loop throws.
  createReadStream(resolve(cwd, file))
    .on("error", (error) => parser.destroy(error))
    .pipe(parser);
  let cols: Columns | undefined;
  try {
    // With `info`, each record carries its own line number (the parser reads ahead of us).
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (cols === undefined) {
        cols = columnsOf(file, record);
        continue;
      }
      addRecord(file, info.lines, record, cols, groups, seenIds);
    }
  } catch (cause) {
    if (cause instanceof MimicError) throw cause;
    if (cause instanceof CsvError)
      throw bad(file, `is not a well-formed CSV (${(cause as Error).message}); give a CSV written by \`mimic generate iot\` or \`mimic query --format csv\`.`);
    throw new MimicError("IO_UNREADABLE", `Cannot read ${file}; check the path (a CSV from \`mimic generate iot\` or \`mimic query --format csv\`).`, {
      cause,
    });
  }
  if (cols === undefined) throw bad(file, "is empty; give a CSV written by `mimic generate iot` or `mimic query --format csv`.");
  return cols.fault >= 0;
}

/** Where each column the detectors use sits in a file (-1 when absent). */
interface Columns {
  device: number;
  type: number;
  time: number;
  id: number;
  temperature: number;
  humidity: number;
  fault: number;
  trueTime: number;
  arrival: number;
}

function columnsOf(file: string, header: string[]): Columns {
  const names = header.map((h) => h.trim());
  const col = (name: string): number => names.indexOf(name);
  const cols: Columns = {
    device: col("device"),
    type: col("type"),
    time: col("timestamp"),
    id: col("reading_id"),
    temperature: col("temperature"),
    humidity: col("humidity"),
    fault: col("fault"),
    trueTime: col("true_time"),
    arrival: col("received_at"),
  };
  if (cols.device < 0 || cols.type < 0 || cols.time < 0)
    throw bad(file, "needs the columns device, type and timestamp; give a CSV written by `mimic generate iot` or `mimic query --format csv`.");
  return cols;
}

function addRecord(file: string, lineNo: number, cells: string[], c: Columns, groups: Map<string, Growing>, seenIds: Set<string>): void {
  const at = (i: number): string | undefined => (i >= 0 ? cells[i] : undefined);
  const device = cells[c.device] ?? "";
  const kind = kindOfLabel(cells[c.type] ?? "");
  const t = toNumber(cells[c.time]);
  if (device === "" || kind === undefined || !Number.isFinite(t))
    throw bad(file, `line ${lineNo} has no device, a type mimic does not know, or a timestamp that is not epoch seconds.`);
  const rawId = at(c.id);
  const id = rawId === undefined || rawId === "" ? undefined : rawId;
  if (id !== undefined) {
    if (seenIds.has(id)) throw new MimicError("DETECT_DUPLICATE_READINGS", `${file}: line ${lineNo} repeats reading ${id}; de-duplicate the input.`);
    seenIds.add(id);
  }
  const key = device + "\u0000" + kind;
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { device, kind, t: [], te: [], hu: [], ar: [], tr: [], ids: [], labels: [] }));
  g.t.push(t);
  g.te.push(toNumber(at(c.temperature)));
  g.hu.push(toNumber(at(c.humidity)));
  g.ar.push(toNumber(at(c.arrival)));
  const trueTime = at(c.trueTime);
  g.tr.push(trueTime ? Date.parse(trueTime) : t * 1000);
  g.ids.push(id);
  g.labels.push(at(c.fault) ?? "");
}

function toInput(g: Growing, labelled: boolean): DetectInput {
  const times = Float64Array.from(g.t);
  const series: DetectSeries = { device: g.device, sensor: g.kind, times };
  if (g.kind === "DHT22") {
    series.temperature = Float64Array.from(g.te);
    series.humidity = Float64Array.from(g.hu);
  }
  if (g.ar.some((a) => !Number.isNaN(a))) series.arrival = Float64Array.from(g.ar);
  return {
    series,
    ids: g.ids,
    truth: { device: g.device, truth: Float64Array.from(g.tr), stamps: times, ...(labelled ? { labels: g.labels } : {}) },
    labelled,
  };
}

/**
 * Refuses input that is not in taking or arrival order, or holds a reading twice. A device's
 * time steps back only when its clock is put right: allowed once per 200 readings at most.
 */
export function checkOrder(inputs: readonly DetectInput[], source: string): void {
  for (const { series: s } of inputs) {
    let back = 0;
    for (let i = 1; i < s.times.length; i++) {
      const dt = s.times[i]! - s.times[i - 1]!;
      if (dt === 0 && (s.temperature === undefined || s.temperature[i] === s.temperature[i - 1]))
        throw new MimicError(
          "DETECT_DUPLICATE_READINGS",
          `${source}: device ${s.device} has two ${s.sensor} readings at ${new Date(s.times[i]! * 1000).toISOString()}; de-duplicate the input.`,
        );
      if (dt < 0) back++;
    }
    if (back > Math.max(3, s.times.length / 200))
      throw new MimicError(
        "DETECT_UNSORTED_INPUT",
        `${source}: device ${s.device}'s time goes back ${back} times in ${s.times.length} readings; detection needs readings in the order they were taken or arrived (as \`mimic generate iot\` and \`mimic query\` write them), not sorted by another column.`,
      );
  }
}
