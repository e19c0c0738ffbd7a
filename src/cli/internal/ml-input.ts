// What `mimic train` and `mimic predict` read: readings from CSV files (the shapes of `mimic query
// --format csv` and `mimic generate iot`, through analyze's reader) turned into the ml layer's
// table: one row per reading of a sensor type that has every feature asked, labelled by device.
import type { DeviceSeries } from "../../analytics/index.js";
import { MimicError } from "../../errors/index.js";
import { timeOrder, type Dataset } from "../../ml/index.js";
import type { SensorKind } from "../../sensors/index.js";
import { READING_FIELDS, type ReadingField } from "./readings-csv.js";

/** How many of a device's readings (this one and those before it) a rolling mean spans. */
export const ROLLING_READINGS = 10;

/**
 * Features a model can read: sensor fields; the UTC hour of day and weekday of the reading; per
 * device, in time order, a field's change since the previous reading (`_diff`) and its mean over
 * the last ${ROLLING_READINGS} readings (`_mean`); and the light and motion state of the same device
 * (`light_state`, `motion_state`): the latest LIGHT or PIR reading of that device at or before the
 * reading's time (an as-of join: never a later one). A reading without a previous one has no
 * `_diff`, one before its device's first light or motion reading has no state; such readings are
 * left out, as those with a missing field.
 */
export const OFFERED_FEATURES = [
  "temperature",
  "humidity",
  "motion",
  "light",
  "hour",
  "weekday",
  "temperature_diff",
  "humidity_diff",
  "light_diff",
  "temperature_mean",
  "humidity_mean",
  "light_mean",
  "light_state",
  "motion_state",
] as const;
export const DEFAULT_FEATURES = ["temperature", "humidity"];
/** What `mimic train` predicts: the device that sent a reading, or the room it sits in. */
export const TARGETS = ["device", "room"] as const;
export type Target = (typeof TARGETS)[number];

/** One device's readings of one sensor type as the learners' input reads them (a CSV group or a selected series). */
export interface ReadingGroup {
  readonly device: string;
  readonly kind: SensorKind;
  readonly length: number;
  readonly times: Float64Array;
  readonly fields: Readonly<Record<ReadingField, Float64Array>>;
}

/**
 * analyze's selected series (devices, type and time range narrowed, each sorted by time) as groups
 * for featureRows: a field the sensor does not carry reads as missing.
 */
export function seriesGroups(series: readonly DeviceSeries[]): ReadingGroup[] {
  return series.map((s) => {
    const n = s.times.length;
    const fields = Object.fromEntries(READING_FIELDS.map((f) => [f, s.fields[f] ?? new Float64Array(n).fill(Number.NaN)])) as Record<
      ReadingField,
      Float64Array
    >;
    return { device: s.device, kind: s.type as SensorKind, length: n, times: s.times, fields };
  });
}

const KIND_FIELDS: Record<string, readonly ReadingField[]> = { DHT22: ["temperature", "humidity"], PIR: ["motion"], LIGHT: ["light"] };

/** Checks --features against what mimic offers. Throws ML_MISSING_FEATURE listing the offer. */
export function parseFeatures(raw: string | undefined): string[] {
  const features =
    raw === undefined
      ? DEFAULT_FEATURES
      : raw
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  if (features.length === 0) throw new MimicError("ML_MISSING_FEATURE", `--features is empty; give one or more of ${OFFERED_FEATURES.join(", ")}.`);
  const unknown = features.filter((f) => !(OFFERED_FEATURES as readonly string[]).includes(f));
  if (unknown.length > 0)
    throw new MimicError(
      "ML_MISSING_FEATURE",
      `--features names ${unknown.map((f) => `"${f}"`).join(", ")}, which mimic does not offer; use ${OFFERED_FEATURES.join(", ")}.`,
    );
  if (new Set(features).size !== features.length)
    throw new MimicError("ML_MISSING_FEATURE", `--features names a feature twice ("${features.join(",")}"); give each once.`);
  return features;
}

export interface FeatureRows {
  dataset: Dataset;
  /** Per row: device, type and time of the reading it came from. */
  devices: string[];
  types: string[];
  /** Readings of a matching type left out because a feature was missing (sensor faults). */
  dropped: number;
}

/** The sensor field a feature reads: "temperature" for temperature, temperature_diff and temperature_mean. */
const fieldOf = (feature: string): string => feature.replace(/_(diff|mean|state)$/, "");

/** Features read from another sensor of the same device, and the sensor type they come from. */
const STATE_SOURCES: Readonly<Record<string, SensorKind>> = { light_state: "LIGHT", motion_state: "PIR" };

/** A derived feature of one device's readings, by reading index (time order inside). */
function derived(g: ReadingGroup, feature: string): Float64Array {
  const values = g.fields[fieldOf(feature) as ReadingField];
  const out = new Float64Array(g.length).fill(NaN);
  const order = timeOrder(g.times.subarray(0, g.length));
  if (feature.endsWith("_diff")) {
    for (let r = 1; r < order.length; r++) out[order[r]!] = values[order[r]!]! - values[order[r - 1]!]!;
    return out;
  }
  // Rolling mean of the finite values among the last ROLLING_READINGS readings (a running sum).
  let sum = 0;
  let count = 0;
  for (let r = 0; r < order.length; r++) {
    const v = values[order[r]!]!;
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
    if (r >= ROLLING_READINGS) {
      const old = values[order[r - ROLLING_READINGS]!]!;
      if (Number.isFinite(old)) {
        sum -= old;
        count--;
      }
    }
    out[order[r]!] = count > 0 ? sum / count : NaN;
  }
  return out;
}

/**
 * For each reading of `g` (by index), the latest finite `field` of the `sources` (the same device's
 * readings of another sensor type) at or before its time; NaN when there is none yet. A missing
 * value (a sensor fault) says nothing about the state, so the one before it holds.
 */
export function asOfState(g: ReadingGroup, sources: readonly ReadingGroup[], field: ReadingField): Float64Array {
  const times: number[] = [];
  const values: number[] = [];
  for (const s of sources)
    for (let i = 0; i < s.length; i++) {
      const v = s.fields[field][i]!;
      if (Number.isFinite(v) && Number.isFinite(s.times[i]!)) {
        times.push(s.times[i]!);
        values.push(v);
      }
    }
  const srcTimes = Float64Array.from(times);
  const srcOrder = timeOrder(srcTimes);
  const out = new Float64Array(g.length).fill(NaN);
  const order = timeOrder(g.times.subarray(0, g.length));
  // Both in time order: one pointer walks the sources as the readings advance.
  let next = 0;
  let state = NaN;
  for (let r = 0; r < order.length; r++) {
    const t = g.times[order[r]!]!;
    while (next < srcOrder.length && srcTimes[srcOrder[next]!]! <= t) state = values[srcOrder[next++]!]!;
    out[order[r]!] = state;
  }
  return out;
}

/**
 * The rows of every group whose sensor type carries the asked fields; rows with a missing value are
 * dropped (counted). `classes` fixes the label order (a saved model's); by default the devices
 * found, sorted. Throws ML_MISSING_FEATURE when no sensor type in the input has the features, or
 * when no device of those readings has the light or motion readings a `_state` feature joins.
 */
export function featureRows(
  groups: Map<string, ReadingGroup> | readonly ReadingGroup[],
  features: readonly string[],
  source: string,
  classes?: readonly string[],
  labelOf: (device: string) => string = (device) => device,
): FeatureRows {
  const fields = [...new Set(features.filter((f) => !(f in STATE_SOURCES)).map(fieldOf))].filter((f): f is ReadingField =>
    (READING_FIELDS as readonly string[]).includes(f),
  );
  const all = groups instanceof Map ? [...groups.values()] : [...groups];
  const usable = all
    .filter((g) => fields.every((f) => KIND_FIELDS[g.kind]!.includes(f)))
    .sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  if (usable.length === 0) {
    const kinds = [...new Set(all.map((g) => g.kind))];
    throw new MimicError(
      "ML_MISSING_FEATURE",
      `No readings in ${source} carry ${fields.join(" and ")} together (it holds ${kinds.join(", ") || "no"} readings); temperature and humidity come from DHT22, motion from PIR, light from LIGHT sensors: pick features of one sensor type.`,
    );
  }
  const stateFeatures = features.filter((f) => f in STATE_SOURCES);
  for (const f of stateFeatures) {
    const kind = STATE_SOURCES[f]!;
    if (!usable.some((g) => all.some((s) => s.device === g.device && s.kind === kind)))
      throw new MimicError(
        "ML_MISSING_FEATURE",
        `--features ${f} joins each reading to the latest ${kind} reading of the same device, and no device in ${source} that has ${fields.join(" and ") || "the other features"} also has ${kind} readings: give readings of devices that carry both sensors (\`mimic simulate --layout seed\`, read back with \`mimic query\` or from the store), or leave ${f} out.`,
      );
  }
  const labels = classes ?? [...new Set(usable.map((g) => labelOf(g.device)))].sort();
  const indexOf = new Map(labels.map((l, i) => [l, i]));
  const d = features.length;
  const x: number[] = [];
  const y: number[] = [];
  const times: number[] = [];
  const devices: string[] = [];
  const types: string[] = [];
  let dropped = 0;
  const row = new Float64Array(d);
  for (const g of usable) {
    const label = indexOf.get(labelOf(g.device)) ?? -1;
    const extra = new Map(
      features
        .filter((f) => /_(diff|mean|state)$/.test(f))
        .map((f) => {
          const kind = STATE_SOURCES[f];
          if (kind === undefined) return [f, derived(g, f)];
          const sources = all.filter((s) => s.device === g.device && s.kind === kind);
          return [f, asOfState(g, sources, fieldOf(f) as ReadingField)];
        }),
    );
    for (let i = 0; i < g.length; i++) {
      const t = g.times[i]!;
      let ok = Number.isFinite(t);
      for (let j = 0; j < d && ok; j++) {
        const f = features[j]!;
        const v =
          f === "hour"
            ? Math.floor((((t % 86_400) + 86_400) % 86_400) / 3600)
            : f === "weekday"
              ? (Math.floor(t / 86_400) + 4) % 7
              : (extra.get(f)?.[i] ?? g.fields[f as ReadingField][i]!);
        row[j] = v;
        ok = Number.isFinite(v);
      }
      if (!ok) {
        dropped++;
        continue;
      }
      for (let j = 0; j < d; j++) x.push(row[j]!);
      y.push(label);
      times.push(t);
      devices.push(g.device);
      types.push(g.kind);
    }
  }
  // A device none of whose readings has every feature (say, a Pi whose PIR never reported) is no
  // class to learn: without a saved model's classes, only labels with rows are kept.
  let kept = labels;
  let labelY = Int32Array.from(y);
  if (classes === undefined) {
    const seen = new Uint8Array(labels.length);
    for (const c of labelY) seen[c] = 1;
    if (seen.includes(0)) {
      kept = labels.filter((_, c) => seen[c] === 1);
      const remap = new Map(kept.map((l, i) => [indexOf.get(l)!, i]));
      labelY = labelY.map((c) => remap.get(c)!);
    }
  }
  return {
    dataset: { features: [...features], classes: [...kept], x: Float64Array.from(x), y: labelY, times: Float64Array.from(times) },
    devices,
    types,
    dropped,
  };
}
