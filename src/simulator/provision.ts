// `--provision`: registers the simulated devices in a registry and issues their tokens (a device
// already registered, from an earlier run, gets a fresh token by rotation with no overlap, and the
// sensors this fleet gives it: a fleet re-provisioned at another size or layout lays its devices
// out anew, and a device kept with its old sensors would have its readings refused).
import { addDevice, rotateDevice } from "../telemetry/auth/index.js";
import { formatSensors } from "../telemetry/domain/device.js";
import type { DeviceRegistry } from "../telemetry/ports.js";
import type { FleetDevice } from "../sensors/fleet.js";
import type { SensorKind } from "../sensors/reading.js";

/**
 * Tokens for every device of a fleet, by device id. A device id that carries several sensors
 * (the seed's layout) is registered once, with all of them.
 *
 * @example
 * const tokens = await provisionFleet(registry, secret, fleet.manifest, Date.now());
 */
export async function provisionFleet(registry: DeviceRegistry, secret: Uint8Array, devices: readonly FleetDevice[], now: number): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const sensorsOf = new Map<string, SensorKind[]>();
  for (const d of devices) {
    const kinds = sensorsOf.get(d.id);
    if (kinds === undefined) sensorsOf.set(d.id, [d.kind]);
    else if (!kinds.includes(d.kind)) kinds.push(d.kind);
  }
  for (const [id, sensors] of sensorsOf) {
    const known = await registry.getDevice(id);
    if (known !== undefined && formatSensors(known.sensors) !== formatSensors(sensors)) await registry.setDeviceSensors(id, sensors, now);
    const issued =
      known === undefined ? await addDevice(registry, secret, { id, sensors, now }) : await rotateDevice(registry, secret, { id, now, overlapMs: 0 });
    tokens.set(id, issued.token);
  }
  return tokens;
}
