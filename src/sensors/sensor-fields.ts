import type { SensorKind } from "./reading.js";

/** Every sensor kind mimic ingests, in a stable order. */
export const SENSOR_KINDS: readonly SensorKind[] = ["DHT22", "PIR", "LIGHT"];

/** One field of a sensor's `data`: its name and whether it is a number or a boolean. */
export interface SensorField {
  name: string;
  type: "number" | "boolean";
  /**
   * The sensor's resolution as decimal places, when it has one: it reads whole multiples of
   * 10^-decimals. The live feed sends such a column as whole numbers of that step, a few digits a
   * reading (src/http/routes/live-batch.ts); a value a device sent finer than it is still kept.
   */
  decimals?: number;
}

/** The DHT22 reads temperature and humidity to 0.1 (datasheet). */
export const DHT22_DECIMALS = 1;

/**
 * The fields each sensor kind carries in `data`, as the seed's payloads define them. Stores keep
 * one typed column per field, queries project and downsample by these names.
 *
 * @example
 * SENSOR_FIELDS.DHT22.map((f) => f.name); // ["temperature", "humidity"]
 */
export const SENSOR_FIELDS: Readonly<Record<SensorKind, readonly SensorField[]>> = {
  DHT22: [
    { name: "temperature", type: "number", decimals: DHT22_DECIMALS },
    { name: "humidity", type: "number", decimals: DHT22_DECIMALS },
  ],
  PIR: [{ name: "motion", type: "boolean" }],
  LIGHT: [{ name: "light", type: "boolean" }],
};

/** True when `value` is one of mimic's sensor kinds. */
export function isSensorKind(value: unknown): value is SensorKind {
  return value === "DHT22" || value === "PIR" || value === "LIGHT";
}
