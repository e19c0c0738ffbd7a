import type { SensorKind } from "../../sensors/reading.js";
import { SENSOR_KINDS } from "../../sensors/sensor-fields.js";

export type DeviceStatus = "active" | "disabled" | "revoked";

/**
 * A registered device: one id (the seed uses the Pi's hostname) and one token for the sensors it
 * carries, one of each kind. Its tokens are stored only as hashes.
 */
export interface Device {
  id: string;
  /** The kinds of sensor on the device, in SENSOR_KINDS order, at least one, none twice. */
  sensors: readonly SensorKind[];
  status: DeviceStatus;
  createdAt: number; // epoch ms
  /** Revocation/disable time, epoch ms. */
  updatedAt: number;
}

/** What the seed's Raspberry Pi carries: a DHT22, a PIR motion sensor and a light sensor. */
export const SEED_DEVICE_SENSORS: readonly SensorKind[] = SENSOR_KINDS;

/** The sensor set in SENSOR_KINDS order without repeats, as stores keep and lists print it. */
export function canonicalSensors(sensors: readonly SensorKind[]): SensorKind[] {
  return SENSOR_KINDS.filter((k) => sensors.includes(k));
}

/** `DHT22,PIR,LIGHT`: the sensor set as one text column (stores) or cell (lists). */
export function formatSensors(sensors: readonly SensorKind[]): string {
  return canonicalSensors(sensors).join(",");
}

/** One issued token, by the hash of its unique id (`jti`) — never the token itself. */
export interface DeviceToken {
  deviceId: string;
  /** SHA-256 (hex) of the token's `jti`; the raw token is shown once and never stored. */
  tokenHash: string;
  issuedAt: number; // epoch ms
  /** Epoch ms, or null for no expiry. */
  expiresAt: number | null;
  /** Epoch ms after which the token stops working (set on revoke, or on rotate to end the overlap). */
  revokedAt: number | null;
}
