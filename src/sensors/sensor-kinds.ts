import type { SensorKind } from "./reading.js";

/** The kind each known `type` label means (the seed's labels plus our kind names). */
const LABEL_TO_KIND: ReadonlyMap<string, SensorKind> = new Map([
  ["DHT22", "DHT22"],
  ["DHT", "DHT22"],
  ["PIR", "PIR"],
  ["Onyehn_PIR", "PIR"],
  ["LIGHT", "LIGHT"],
  ["DLI", "LIGHT"],
  ["Anmbest_MD46N", "LIGHT"],
]);

/** The label a reading gets when its device sent none. */
export const DEFAULT_TYPE_LABEL: Readonly<Record<SensorKind, string>> = { DHT22: "DHT22", PIR: "Onyehn_PIR", LIGHT: "Anmbest_MD46N" };

/** The sensor kind a device's `type` label names, or undefined for an unknown label. */
export function kindOfLabel(label: string): SensorKind | undefined {
  return LABEL_TO_KIND.get(label);
}

/** The kind a `data` object's keys describe (temperature+humidity, motion or light). */
export function kindOfData(data: Record<string, unknown>): SensorKind | undefined {
  if ("temperature" in data || "humidity" in data) return "DHT22";
  if ("motion" in data) return "PIR";
  if ("light" in data) return "LIGHT";
  return undefined;
}

/** Parses a kind name as the query API and CLI accept it (case-insensitive, seed labels too). */
export function parseSensorKind(text: string): SensorKind | undefined {
  return kindOfLabel(text) ?? kindOfLabel(text.toUpperCase());
}
