/** Sensor kinds mimic ingests (the seed's three). `LIGHT` is the seed's DLI (`Anmbest_MD46N`). */
export type SensorKind = "DHT22" | "PIR" | "LIGHT";

export interface DhtData {
  temperature: number; // °C
  humidity: number; // %RH, 0–100
}
export interface PirData {
  motion: boolean;
}
export interface LightData {
  light: boolean;
}
export type ReadingData = DhtData | PirData | LightData;

/** One accepted reading, as the bus carries it and the store keeps it. */
export interface Reading {
  /**
   * Idempotency key: the client's reading id when it sent one, otherwise derived from
   * (device, kind, timestamp, data) so a resend of the same reading is the same id.
   */
  id: string;
  device: string;
  kind: SensorKind;
  /** The `type` string the device sent (e.g. `Onyehn_PIR`), kept for fidelity. */
  typeLabel: string;
  /** Device clock: epoch seconds as a double, as the seed sends it. */
  timestamp: number;
  /** Server clock at acceptance, epoch milliseconds. */
  receivedAt: number;
  data: ReadingData;
}
