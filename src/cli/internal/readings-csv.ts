// Readings from a CSV file as `mimic query --format csv` writes them (device,type,timestamp,
// <fields>) or as `mimic generate iot` writes them (reading_id,device,type,timestamp,temperature,
// humidity,motion,light,fault,room,true_time, strings quoted, seed type labels). Columns are found
// by name, so either shape (and any column order) reads the same.
import { MimicError } from "../../errors/index.js";
import { kindOfLabel } from "../../telemetry/protocol/sensor-kinds.js";
import type { SensorKind } from "../../telemetry/domain/reading.js";

export const READING_FIELDS = ["temperature", "humidity", "motion", "light"] as const;
export type ReadingField = (typeof READING_FIELDS)[number];

/** One device's readings of one kind, in file order. */
export interface ReadingColumns {
  device: string;
  kind: SensorKind;
  times: number[];
  fields: Record<ReadingField, number[]>;
}

function bad(file: string, message: string): MimicError {
  return new MimicError("ANALYZE_BAD_INPUT", `${file}: ${message}`);
}

/** Splits one CSV line (RFC 4180 quotes), unquoting cells. */
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

function cellValue(text: string | undefined): number {
  if (text === undefined || text === "") return Number.NaN;
  if (text === "true") return 1;
  if (text === "false") return 0;
  return Number(text);
}

/**
 * Parses the CSV text into per-(device, kind) columns. Throws ANALYZE_BAD_INPUT naming the file,
 * the missing column or the bad line, and what file to give instead.
 */
export function parseReadingsCsv(text: string, file: string, into = new Map<string, ReadingColumns>()): Map<string, ReadingColumns> {
  let pos = 0;
  const nextLine = (): string | undefined => {
    if (pos >= text.length) return undefined;
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
    pos = end + 1;
    return line;
  };
  const header = nextLine();
  if (header === undefined || header.trim() === "") throw bad(file, "the file is empty; give a CSV written by `mimic query --format csv` or `mimic generate iot`.");
  const names = splitLine(header.replace(/^\uFEFF/, "")).map((s) => s.trim());
  const at = (name: string): number => names.indexOf(name);
  if (at("bucket") >= 0) throw bad(file, "this is a bucketed answer (`mimic query --bucket`), not readings; export the readings without --bucket.");
  const missing = ["device", "type", "timestamp"].filter((n) => at(n) < 0);
  const fieldAt = READING_FIELDS.map((f) => at(f));
  if (missing.length > 0 || fieldAt.every((i) => i < 0)) {
    const what = missing.length > 0 ? `has no ${missing.map((m) => `"${m}"`).join(", ")} column` : "has none of the columns temperature, humidity, motion, light";
    throw bad(file, `${what} (its header is "${header.slice(0, 120)}"); give a CSV written by \`mimic query --format csv\` or \`mimic generate iot\`.`);
  }
  const iDevice = at("device");
  const iType = at("type");
  const iTime = at("timestamp");
  let lineNo = 1;
  let last: ReadingColumns | undefined;
  let lastKey = "";
  for (let line = nextLine(); line !== undefined; line = nextLine()) {
    lineNo++;
    if (line === "") continue;
    const cells = splitLine(line);
    if (cells.length !== names.length) throw bad(file, `line ${lineNo} has ${cells.length} cells where the header has ${names.length}; is the file complete and one CSV?`);
    const device = cells[iDevice]!;
    const type = cells[iType]!;
    const key = device + "\u0000" + type;
    if (key !== lastKey) {
      let cols = into.get(key);
      if (!cols) {
        const kind = kindOfLabel(type) ?? kindOfLabel(type.toUpperCase());
        if (kind === undefined) throw bad(file, `line ${lineNo}: type "${type}" is not a sensor type (DHT22, PIR, LIGHT or the seed's labels).`);
        cols = { device, kind, times: [], fields: { temperature: [], humidity: [], motion: [], light: [] } };
        into.set(key, cols);
      }
      last = cols;
      lastKey = key;
    }
    const t = Number(cells[iTime]);
    if (!Number.isFinite(t)) throw bad(file, `line ${lineNo}: timestamp "${cells[iTime]}" is not epoch seconds.`);
    last!.times.push(t);
    for (let f = 0; f < READING_FIELDS.length; f++) {
      const i = fieldAt[f]!;
      last!.fields[READING_FIELDS[f]!].push(i < 0 ? Number.NaN : cellValue(cells[i]));
    }
  }
  return into;
}
