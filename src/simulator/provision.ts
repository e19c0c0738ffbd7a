// `--provision`: registers the simulated devices in a registry and issues their tokens (a device
// already registered, from an earlier run, gets a fresh token by rotation with no overlap).
import { addDevice, rotateDevice } from "../telemetry/auth/index.js";
import type { DeviceRegistry } from "../telemetry/ports.js";
import type { FleetDevice } from "../sensors/fleet.js";

/**
 * Tokens for every device of a fleet, by device id.
 *
 * @example
 * const tokens = await provisionFleet(registry, secret, fleet.manifest, Date.now());
 */
export async function provisionFleet(registry: DeviceRegistry, secret: Uint8Array, devices: readonly FleetDevice[], now: number): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const d of devices) {
    const known = await registry.getDevice(d.id);
    const issued = known === undefined ? await addDevice(registry, secret, { id: d.id, kind: d.kind, now }) : await rotateDevice(registry, secret, { id: d.id, now, overlapMs: 0 });
    tokens.set(d.id, issued.token);
  }
  return tokens;
}
