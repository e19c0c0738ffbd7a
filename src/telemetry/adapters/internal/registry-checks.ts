// Checks shared by every store's device registry, so both refuse the same records the same way.
import { MimicError } from "../../../errors/index.js";
import type { Device, DeviceToken } from "../../domain/device.js";
import { isSensorKind } from "../../../sensors/sensor-fields.js";

/** Guards the registry against records no ingest could have produced. */
export function assertDevice(device: Device, token: DeviceToken): void {
  const invalid = (m: string) => new MimicError("STORE_INVALID_DEVICE", m);
  if (typeof device.id !== "string" || device.id.length === 0 || device.id.length > 256) throw invalid("device id must be a non-empty string of at most 256 characters");
  if (!isSensorKind(device.kind)) throw invalid(`device kind must be DHT22, PIR or LIGHT`);
  if (!["active", "disabled", "revoked"].includes(device.status)) throw invalid("device status must be active, disabled or revoked");
  if (token.deviceId !== device.id) throw invalid(`the token belongs to device "${token.deviceId}", not "${device.id}"`);
}

export function deviceNotFound(id: string): MimicError {
  return new MimicError("STORE_DEVICE_NOT_FOUND", `no device "${id}" is registered; run \`mimic devices list\` to see the ids`);
}
