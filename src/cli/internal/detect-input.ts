// What `mimic detect` reads: readings in the order they were taken or arrived, per (device,
// sensor), with their reading ids and — when the file has them — fault labels, true time and
// arrival time for scoring. A CSV of `mimic generate iot` or `mimic query --format csv`; columns are
// found by name. Unlike `analyze`, the readings are not sorted: a device clock that steps back is
// evidence, and sorting would hide it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
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

/** Splits one CSV line (RFC 4180 quotes; iot files quote every string). */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cell);
      cell = "";
    } else cell += c;
  }
  out.push(cell);
  return out;
}

function bad(file: string, message: string): MimicError {
  return new MimicError("ANALYZE_BAD_INPUT", `${file}: ${message}`);
}

const toNumber = (s: string | undefined): number => (s === undefined || s === "" ? Number.NaN : s === "true" ? 1 : s === "false" ? 0 : Number(s));

/** Reads the --in files into per-(device, sensor) series in input order. */
export function readDetectCsv(files: readonly string[], cwd: string): DetectInput[] {
  const groups = new Map<string, Growing>();
  const seenIds = new Set<string>();
  let anyLabels = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, file), "utf8");
    } catch (cause) {
      throw new MimicError("IO_UNREADABLE", `Cannot read ${file}; check the path (a CSV from \`mimic generate iot\` or \`mimic query --format csv\`).`, {
        cause,
      });
    }
    let pos = text.indexOf("\n");
    const header = splitLine((pos < 0 ? text : text.slice(0, pos)).replace(/\r$/, "").replace(/^\uFEFF/, "")).map((h) => h.trim());
    const col = (name: string): number => header.indexOf(name);
    const [cDevice, cType, cTime] = [col("device"), col("type"), col("timestamp")];
    if (cDevice < 0 || cType < 0 || cTime < 0)
      throw bad(file, "needs the columns device, type and timestamp; give a CSV written by `mimic generate iot` or `mimic query --format csv`.");
    const [cId, cTemp, cHum, cFault, cTrue, cArrival] = [
      col("reading_id"),
      col("temperature"),
      col("humidity"),
      col("fault"),
      col("true_time"),
      col("received_at"),
    ];
    if (cFault >= 0) anyLabels = true;
    let lineNo = 1;
    while (pos >= 0 && pos < text.length - 1) {
      const next = text.indexOf("\n", pos + 1);
      const line = text.slice(pos + 1, next < 0 ? text.length : next).replace(/\r$/, "");
      pos = next;
      lineNo++;
      if (line === "") continue;
      const cells = splitLine(line);
      const device = cells[cDevice] ?? "";
      const kind = kindOfLabel(cells[cType] ?? "");
      const t = toNumber(cells[cTime]);
      if (device === "" || kind === undefined || !Number.isFinite(t))
        throw bad(file, `line ${lineNo} has no device, a type mimic does not know, or a timestamp that is not epoch seconds.`);
      const id = cId >= 0 && cells[cId] !== "" ? cells[cId] : undefined;
      if (id !== undefined) {
        if (seenIds.has(id)) throw new MimicError("DETECT_DUPLICATE_READINGS", `${file}: line ${lineNo} repeats reading ${id}; de-duplicate the input.`);
        seenIds.add(id);
      }
      const key = device + "\u0000" + kind;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { device, kind, t: [], te: [], hu: [], ar: [], tr: [], ids: [], labels: [] }));
      g.t.push(t);
      g.te.push(toNumber(cTemp >= 0 ? cells[cTemp] : undefined));
      g.hu.push(toNumber(cHum >= 0 ? cells[cHum] : undefined));
      g.ar.push(cArrival >= 0 ? toNumber(cells[cArrival]) : Number.NaN);
      g.tr.push(cTrue >= 0 && cells[cTrue] ? Date.parse(cells[cTrue]) : t * 1000);
      g.ids.push(id);
      g.labels.push(cFault >= 0 ? (cells[cFault] ?? "") : "");
    }
  }
  return [...groups.values()].map((g) => toInput(g, anyLabels));
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
