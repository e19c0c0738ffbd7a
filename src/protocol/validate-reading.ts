import type { Issue } from "../errors/index.js";
import type { Reading, ReadingData, SensorKind } from "../sensors/reading.js";
import { MAX_DEVICE_ID_LENGTH, MAX_READING_ID_LENGTH, MAX_TYPE_LABEL_LENGTH, MIN_TIMESTAMP_SECONDS, TEMPERATURE_RANGE } from "./limits.js";
import { readingId } from "./reading-id.js";
import { DEFAULT_TYPE_LABEL, kindOfData, kindOfLabel } from "../sensors/sensor-kinds.js";

/** What validation needs besides the candidate: the clock and the bounds. */
export interface ValidationContext {
  /** Server clock, epoch ms: the reading's `receivedAt`, and the reference for future timestamps. */
  receivedAt: number;
  maxFutureSkewSeconds: number;
  /**
   * How long readings are kept, seconds (`mimic serve --retention`); a reading older than that
   * would be deleted at once, and in PostgreSQL would create a partition outside the window.
   * 0 or absent: kept forever, only 2000-01-01 bounds the past.
   */
  retentionSeconds?: number;
  /** Set when the URL fixes the kind (the seed's per-sensor protobuf paths). */
  expectedKind?: SensorKind;
}

const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
/** The fields a reading may have (the seed's four, plus mimic's optional client id and kind). */
const READING_FIELDS: ReadonlySet<string> = new Set(["device", "type", "timestamp", "data", "id", "kind"]);
// The last device id and label that passed: a batch repeats them, so the regexes run once.
let lastGoodDevice = "";
let lastGoodLabel = "";
const PRINTABLE = /^[\x21-\x7e]+$/;
const LABEL = /^[\x20-\x7e]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

/**
 * Validates one decoded candidate (`{device, type, timestamp, data, id?, kind?}`) into a Reading,
 * or pushes every problem found to `issues` (paths start with `prefix`; a number `i` means `[i]`)
 * and returns undefined.
 *
 * @example
 * const issues: Issue[] = [];
 * const r = validateReading({ device: "rp1", type: "DHT22", timestamp: 1557585090.5, data: { temperature: 17.1, humidity: 68.1 } }, "", { receivedAt: Date.now(), maxFutureSkewSeconds: 86400 }, issues);
 */
export function validateReading(candidate: unknown, prefix: string | number, ctx: ValidationContext, issues: Issue[]): Reading | undefined {
  const before = issues.length;
  if (!isRecord(candidate)) {
    issues.push({
      code: "invalid_type",
      path: prefix === "" ? "(body)" : typeof prefix === "number" ? `[${prefix}]` : prefix,
      message: `A reading must be a JSON object with device, type, timestamp and data; got ${describe(candidate)}.`,
    });
    return undefined;
  }
  const { device, type, timestamp, data, id, kind: kindName } = candidate;
  // A field mimic does not know is refused, at the top as inside `data`: dropping it silently
  // would hide a client's mistake (a misspelt "timestamp" would otherwise read as missing).
  for (const key in candidate) {
    if (!READING_FIELDS.has(key) && Object.hasOwn(candidate, key)) {
      issues.push({
        code: "unknown_field",
        path: pathOf(prefix, key.length > 32 ? `${key.slice(0, 32)}…` : key),
        message: `A reading has only device, type, timestamp, data, and optionally id and kind; remove this field.`,
      });
    }
  }

  if (typeof device !== "string" || device.length === 0) {
    issues.push({
      code: "required",
      path: pathOf(prefix, "device"),
      message: `device must be a non-empty string (the device id the token was issued for); got ${describe(device)}.`,
    });
  } else if (device !== lastGoodDevice) {
    if (device.length > MAX_DEVICE_ID_LENGTH || !DEVICE_ID.test(device)) {
      issues.push({
        code: "invalid_format",
        path: pathOf(prefix, "device"),
        message: `device must be 1–${MAX_DEVICE_ID_LENGTH} characters of letters, digits and . _ : @ - (starting with a letter or digit).`,
      });
    } else lastGoodDevice = device;
  }

  let label: string | undefined;
  if (type !== undefined && type !== "") {
    if (type === lastGoodLabel) label = type;
    else if (typeof type !== "string" || type.length > MAX_TYPE_LABEL_LENGTH || !LABEL.test(type)) {
      issues.push({
        code: "invalid_format",
        path: pathOf(prefix, "type"),
        message: `type must be a printable string of at most ${MAX_TYPE_LABEL_LENGTH} characters, such as "DHT22", "Onyehn_PIR" or "Anmbest_MD46N".`,
      });
    } else label = lastGoodLabel = type;
  }

  let kind: SensorKind | undefined = ctx.expectedKind;
  const namedKind = typeof kindName === "string" && kindName !== "" ? kindOfLabel(kindName) : undefined;
  if (kindName !== undefined && kindName !== "" && namedKind === undefined) {
    issues.push({ code: "unknown_kind", path: pathOf(prefix, "kind"), message: `kind must be DHT22, PIR or LIGHT.` });
  }
  kind ??= namedKind ?? (label === undefined ? undefined : kindOfLabel(label)) ?? (isRecord(data) ? kindOfData(data) : undefined);

  if (typeof timestamp !== "number" || !Number.isFinite(timestamp)) {
    issues.push({
      code: "invalid_type",
      path: pathOf(prefix, "timestamp"),
      message: `timestamp must be a finite number of epoch seconds (e.g. 1557585090.476025); got ${describe(timestamp)}.`,
    });
  } else if (ctx.retentionSeconds !== undefined && ctx.retentionSeconds > 0 && timestamp < ctx.receivedAt / 1000 - ctx.retentionSeconds) {
    issues.push({
      code: "too_old",
      path: pathOf(prefix, "timestamp"),
      message: `timestamp is older than this server keeps readings (${retentionText(ctx.retentionSeconds)}, mimic serve --retention); got ${timestamp}. Check the device clock, or send it to a server that keeps older readings.`,
    });
  } else if (timestamp < MIN_TIMESTAMP_SECONDS) {
    issues.push({
      code: "out_of_range",
      path: pathOf(prefix, "timestamp"),
      message: `timestamp must be 2000-01-01 or later (epoch seconds ≥ ${MIN_TIMESTAMP_SECONDS}); got ${timestamp}. Check the device clock is synced (NTP) before it sends.`,
    });
  } else if (timestamp > ctx.receivedAt / 1000 + ctx.maxFutureSkewSeconds) {
    issues.push({
      code: "in_future",
      path: pathOf(prefix, "timestamp"),
      message: `timestamp is more than ${ctx.maxFutureSkewSeconds} s ahead of the server clock; check the device's clock (epoch seconds, not milliseconds).`,
    });
  }

  let clientId: string | undefined;
  if (id !== undefined && id !== "") {
    if (typeof id !== "string" || id.length > MAX_READING_ID_LENGTH || !PRINTABLE.test(id)) {
      issues.push({
        code: "invalid_format",
        path: pathOf(prefix, "id"),
        message: `id must be 1–${MAX_READING_ID_LENGTH} printable ASCII characters without spaces.`,
      });
    } else clientId = id;
  }

  let readingData: ReadingData | undefined;
  if (!isRecord(data)) {
    issues.push({
      code: "required",
      path: pathOf(prefix, "data"),
      message: `data must be an object such as {"temperature": 17.1, "humidity": 68.1}; got ${describe(data)}.`,
    });
  } else if (kind === undefined) {
    issues.push({
      code: "unknown_kind",
      path: pathOf(prefix, "type"),
      message: `Cannot tell the sensor kind: use type DHT22, Onyehn_PIR (PIR) or Anmbest_MD46N (LIGHT), or data with temperature/humidity, motion or light.`,
    });
  } else {
    readingData = validateData(kind, data, prefix, issues);
    const labelKind = label === undefined ? undefined : kindOfLabel(label);
    if (labelKind !== undefined && labelKind !== kind) {
      issues.push({
        code: "kind_mismatch",
        path: pathOf(prefix, "type"),
        message: `type "${label}" is not a ${kind} sensor; send it to the path of its kind.`,
      });
    }
  }

  if (issues.length > before || kind === undefined || readingData === undefined) return undefined;
  const deviceId = device as string;
  const ts = timestamp as number;
  return {
    id: readingId(deviceId, kind, ts, readingData, clientId),
    device: deviceId,
    kind,
    typeLabel: label ?? DEFAULT_TYPE_LABEL[kind],
    timestamp: ts,
    receivedAt: ctx.receivedAt,
    data: readingData,
  };
}

function retentionText(seconds: number): string {
  return seconds % 86_400 === 0 ? `${seconds / 86_400} days` : `${seconds} s`;
}

// Paths are built only when there is a problem: batches validate thousands of readings.
function pathOf(prefix: string | number, field: string): string {
  return prefix === "" ? field : typeof prefix === "number" ? `[${prefix}].${field}` : `${prefix}.${field}`;
}

/** A finite number within [min, max], or undefined after pushing the issue. */
function numberField(
  data: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
  unit: string,
  prefix: string | number,
  issues: Issue[],
): number | undefined {
  const v = data[name];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    issues.push({
      code: v === undefined ? "required" : "invalid_type",
      path: pathOf(prefix, `data.${name}`),
      message: `${name} must be a finite number (${unit}); got ${describe(v)}. A failed sensor read should not be sent.`,
    });
    return undefined;
  }
  if (v < min || v > max) {
    issues.push({ code: "out_of_range", path: pathOf(prefix, `data.${name}`), message: `${name} must be between ${min} and ${max} ${unit}; got ${v}.` });
    return undefined;
  }
  return v;
}

function booleanField(data: Record<string, unknown>, name: string, prefix: string | number, issues: Issue[]): boolean | undefined {
  const v = data[name];
  if (typeof v !== "boolean") {
    issues.push({
      code: v === undefined ? "required" : "invalid_type",
      path: pathOf(prefix, `data.${name}`),
      message: `${name} must be true or false; got ${describe(v)}.`,
    });
    return undefined;
  }
  return v;
}

/** The `data` fields of each kind; any other field is refused rather than dropped unseen. */
const DATA_FIELDS: Readonly<Record<SensorKind, readonly string[]>> = { DHT22: ["temperature", "humidity"], PIR: ["motion"], LIGHT: ["light"] };

function validateData(kind: SensorKind, data: Record<string, unknown>, prefix: string | number, issues: Issue[]): ReadingData | undefined {
  const allowed = DATA_FIELDS[kind];
  for (const key in data) {
    if (Object.hasOwn(data, key) && !allowed.includes(key)) {
      issues.push({
        code: "unknown_field",
        path: pathOf(prefix, `data.${key}`),
        message: `"${key}" is not a ${kind} field; ${kind} data has only ${allowed.join(" and ")}. Remove it (mimic stores no other fields) or send it as another sensor's reading.`,
      });
    }
  }
  if (kind === "DHT22") {
    const temperature = numberField(data, "temperature", TEMPERATURE_RANGE.min, TEMPERATURE_RANGE.max, "°C", prefix, issues);
    const humidity = numberField(data, "humidity", 0, 100, "%RH", prefix, issues);
    return temperature === undefined || humidity === undefined ? undefined : { temperature, humidity };
  }
  if (kind === "PIR") {
    const motion = booleanField(data, "motion", prefix, issues);
    return motion === undefined ? undefined : { motion };
  }
  const light = booleanField(data, "light", prefix, issues);
  return light === undefined ? undefined : { light };
}
