// Checks shared by every store's device registry, so both refuse the same records the same way.
import { MimicError } from "../../../errors/index.js";
import type { Device, DeviceToken } from "../../domain/device.js";
import type { SensorKind } from "../../../sensors/reading.js";
import { isSensorKind } from "../../../sensors/sensor-fields.js";

/** Guards the registry against records no ingest could have produced. */
export function assertDevice(device: Device, token: DeviceToken): void {
  const invalid = (m: string) => new MimicError("STORE_INVALID_DEVICE", m);
  if (typeof device.id !== "string" || device.id.length === 0 || device.id.length > 256) throw invalid("device id must be a non-empty string of at most 256 characters");
  const sensors: readonly unknown[] = Array.isArray(device.sensors) ? device.sensors : [];
  if (sensors.length === 0 || !sensors.every(isSensorKind) || new Set(sensors).size !== sensors.length) {
    throw invalid("device sensors must be one or more of DHT22, PIR and LIGHT, none twice");
  }
  if (!["active", "disabled", "revoked"].includes(device.status)) throw invalid("device status must be active, disabled or revoked");
  if (token.deviceId !== device.id) throw invalid(`the token belongs to device "${token.deviceId}", not "${device.id}"`);
}

/** The sensors column (`DHT22,PIR,LIGHT`) read back; a store never holds anything else. */
export function parseSensorsColumn(text: string): SensorKind[] {
  return text.split(",").filter(isSensorKind);
}

export function deviceNotFound(id: string): MimicError {
  return new MimicError("STORE_DEVICE_NOT_FOUND", `no device "${id}" is registered; run \`mimic devices list\` to see the ids`);
}
