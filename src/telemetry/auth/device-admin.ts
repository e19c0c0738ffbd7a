import { MimicError } from "../../errors/index.js";
import { canonicalSensors, SEED_DEVICE_SENSORS, type Device } from "../domain/device.js";
import type { SensorKind } from "../../sensors/reading.js";
import type { DeviceRegistry } from "../ports.js";
import { MAX_DEVICE_ID_LENGTH } from "../../protocol/limits.js";
import { issueDeviceToken } from "./tokens.js";

const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;

/** What `mimic devices add/rotate` returns: the token is shown once, then only its hash exists. */
export interface DeviceWithToken {
  device: Device;
  token: string;
  expiresAt: number | null;
}

/** Longest token lifetime `addDevice`/`rotateDevice` issue: 100 years. */
export const MAX_TOKEN_LIFETIME_MS = 36_500 * 86_400_000;
/** Longest time old tokens keep working after `rotateDevice`: 10 years. */
export const MAX_OVERLAP_MS = 3650 * 86_400_000;

/** Refuses a duration outside [min, max] before any state changes. */
function checkDuration(name: string, ms: number | undefined, min: number, max: number): void {
  if (ms !== undefined && !(Number.isFinite(ms) && ms >= min && ms <= max)) {
    throw new MimicError("CLI_BAD_FLAG", `${name} must be from ${min / 1000} s to ${max / 86_400_000} days.`);
  }
}

function checkId(id: string): void {
  if (id.length === 0 || id.length > MAX_DEVICE_ID_LENGTH || !DEVICE_ID.test(id)) {
    throw new MimicError("CLI_BAD_FLAG", `The device id must be 1–${MAX_DEVICE_ID_LENGTH} letters, digits or . _ : @ - starting with a letter or digit (the seed uses the hostname, e.g. rp829c7e0e).`);
  }
}

async function existing(registry: DeviceRegistry, id: string): Promise<Device> {
  const device = await registry.getDevice(id);
  if (device === undefined) throw new MimicError("STORE_DEVICE_NOT_FOUND", `No device "${id}" is registered; see \`mimic devices list\`.`);
  return device;
}

/**
 * Registers a device with the sensors it carries (default: the seed's Pi, DHT22 + PIR + LIGHT)
 * and issues its first token, one for all of them.
 *
 * @example
 * const { token } = await addDevice(store, secret, { id: "rp829c7e0e", sensors: ["DHT22", "PIR", "LIGHT"], now: Date.now(), expiresInMs: 90 * 86_400_000 });
 */
export async function addDevice(registry: DeviceRegistry, secret: Uint8Array, options: { id: string; sensors?: readonly SensorKind[]; now: number; expiresInMs?: number }): Promise<DeviceWithToken> {
  checkId(options.id);
  const sensors = canonicalSensors(options.sensors ?? SEED_DEVICE_SENSORS);
  if (sensors.length === 0 || (options.sensors !== undefined && sensors.length !== options.sensors.length)) {
    throw new MimicError("CLI_BAD_FLAG", "A device carries one to three sensors, each of a different kind (DHT22, PIR, LIGHT), e.g. --sensors DHT22,PIR,LIGHT.");
  }
  checkDuration("The token lifetime (expires)", options.expiresInMs, 1000, MAX_TOKEN_LIFETIME_MS);
  if ((await registry.getDevice(options.id)) !== undefined) {
    throw new MimicError("STORE_DEVICE_EXISTS", `Device "${options.id}" is already registered; use \`mimic devices rotate ${options.id}\` for a new token.`);
  }
  const { token, record } = await issueDeviceToken(secret, options.id, options.now, options.expiresInMs);
  const device: Device = { id: options.id, sensors, status: "active", createdAt: options.now, updatedAt: options.now };
  await registry.addDevice(device, record);
  return { device, token, expiresAt: record.expiresAt };
}

/** Revokes a device and every token it has, effective at `now`. */
export async function revokeDevice(registry: DeviceRegistry, id: string, now: number): Promise<Device> {
  const device = await existing(registry, id);
  await registry.revokeTokens(id, now);
  await registry.setDeviceStatus(id, "revoked", now);
  return { ...device, status: "revoked", updatedAt: now };
}

/**
 * Issues a new token; the device's other tokens keep working for `overlapMs` (so a fleet can be
 * updated without a gap), then stop. A revoked device becomes active again.
 */
export async function rotateDevice(registry: DeviceRegistry, secret: Uint8Array, options: { id: string; now: number; overlapMs: number; expiresInMs?: number }): Promise<DeviceWithToken> {
  checkDuration("The token lifetime (expires)", options.expiresInMs, 1000, MAX_TOKEN_LIFETIME_MS);
  checkDuration("The overlap", options.overlapMs, 0, MAX_OVERLAP_MS);
  const device = await existing(registry, options.id);
  const { token, record } = await issueDeviceToken(secret, options.id, options.now, options.expiresInMs);
  await registry.addToken(record);
  await registry.revokeTokens(options.id, options.now + options.overlapMs, record.tokenHash);
  if (device.status === "revoked") await registry.setDeviceStatus(options.id, "active", options.now);
  return { device: { ...device, status: device.status === "revoked" ? "active" : device.status }, token, expiresAt: record.expiresAt };
}
