// How a Reading maps onto the stores' typed columns. Both SQL stores keep one column per sensor
// field (not a JSON blob) so range queries can project and aggregate without parsing.
import { MimicError, type Issue } from "../../../errors/index.js";
import type { Reading } from "../../../sensors/reading.js";
import { SENSOR_FIELDS, isSensorKind, type SensorField } from "../../../sensors/sensor-fields.js";

/** Every field column, in table order: DHT22's two numbers, then PIR's and LIGHT's booleans. */
export const FIELD_COLUMNS: readonly SensorField[] = [
  ...SENSOR_FIELDS.DHT22,
  ...SENSOR_FIELDS.PIR,
  ...SENSOR_FIELDS.LIGHT,
];

/** Longest id / device / type label a store accepts (the ingest bounds are tighter). */
export const MAX_TEXT_LENGTH = 256;
const MAX_ISSUES = 20;

function textIssue(at: string, name: string, value: unknown): Issue | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_TEXT_LENGTH) {
    const path = `${at}.${name}`;
    return { code: "invalid_string", path, message: `${path} must be a non-empty string of at most ${MAX_TEXT_LENGTH} characters` };
  }
  return undefined;
}

function readingIssues(r: Reading, at: string, issues: Issue[]): void {
  // Three calls, not a loop over [name, value] pairs: this runs for every reading stored.
  const id = textIssue(at, "id", r.id);
  if (id) issues.push(id);
  const device = textIssue(at, "device", r.device);
  if (device) issues.push(device);
  const label = textIssue(at, "typeLabel", r.typeLabel);
  if (label) issues.push(label);
  if (!Number.isFinite(r.timestamp)) {
    issues.push({ code: "invalid_number", path: `${at}.timestamp`, message: `${at}.timestamp must be a finite number of epoch seconds` });
  }
  if (!Number.isFinite(r.receivedAt)) {
    issues.push({ code: "invalid_number", path: `${at}.receivedAt`, message: `${at}.receivedAt must be a finite number of epoch milliseconds` });
  }
  if (!isSensorKind(r.kind)) {
    issues.push({ code: "invalid_kind", path: `${at}.kind`, message: `${at}.kind must be DHT22, PIR or LIGHT` });
    return;
  }
  const data = r.data as unknown as Record<string, unknown>;
  for (const field of SENSOR_FIELDS[r.kind]) {
    const v = data?.[field.name];
    const ok = field.type === "number" ? typeof v === "number" && Number.isFinite(v) : typeof v === "boolean";
    if (!ok) {
      issues.push({ code: "invalid_field", path: `${at}.data.${field.name}`, message: `${at}.data.${field.name} must be ${field.type === "number" ? "a finite number" : "a boolean"} for ${r.kind}` });
    }
  }
}

/**
 * Checks that every reading can be stored; throws STORE_INVALID_READING listing the problems
 * (at most 20) otherwise. Ingest validates first; this guards the store against other callers.
 */
export function assertStorable(readings: readonly Reading[]): void {
  const issues: Issue[] = [];
  for (let i = 0; i < readings.length && issues.length < MAX_ISSUES; i++) {
    readingIssues(readings[i]!, `readings[${i}]`, issues);
  }
  if (issues.length > 0) {
    throw new MimicError("STORE_INVALID_READING", `${issues.length} problem(s) in the readings handed to the store, first: ${issues[0]!.message}`, { issues: issues.slice(0, MAX_ISSUES) });
  }
}

/** The reading's field values in FIELD_COLUMNS order; fields of other kinds are null. */
export function fieldValues(r: Reading): (number | boolean | null)[] {
  const data = r.data as unknown as Record<string, number | boolean>;
  const own = SENSOR_FIELDS[r.kind];
  return FIELD_COLUMNS.map((f) => (own.some((o) => o.name === f.name) ? data[f.name]! : null));
}
