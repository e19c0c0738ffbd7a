import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../telemetry/adapters/index.js";
import { verifyDeviceToken } from "../telemetry/auth/index.js";
import { Fleet } from "../sensors/fleet.js";
import { provisionFleet } from "./provision.js";

const secret = new Uint8Array(32).fill(7);

describe("provisionFleet", () => {
  it("registers every device with its kind and issues a token whose subject is the device", async () => {
    const store = await openSqliteStore({ path: ":memory:" });
    try {
      const fleet = new Fleet({ seed: 1, devices: 4, mix: { DHT22: 2, PIR: 1, LIGHT: 1 }, start: Date.UTC(2019, 4, 8) });
      const now = Date.now();
      const tokens = await provisionFleet(store, secret, fleet.manifest, now);
      expect([...tokens.keys()]).toEqual(fleet.manifest.map((m) => m.id));
      for (const m of fleet.manifest) {
        expect((await store.getDevice(m.id))?.sensors).toEqual([m.kind]);
        const verified = await verifyDeviceToken(secret, tokens.get(m.id)!, now);
        expect(verified.deviceId).toBe(m.id);
      }
      // A second run re-issues tokens for the devices already there.
      const again = await provisionFleet(store, secret, fleet.manifest, now + 1000);
      expect([...again.values()]).not.toEqual([...tokens.values()]);
      expect((await store.listDevices()).length).toBe(4);
    } finally {
      await store.close();
    }
  });

  it("re-provisioning a fleet laid out anew gives known devices this fleet's sensors (their readings would be refused otherwise)", async () => {
    const store = await openSqliteStore({ path: ":memory:" });
    try {
      const big = new Fleet({ seed: 1, devices: 12, mix: { DHT22: 2, PIR: 1, LIGHT: 1 }, start: Date.UTC(2019, 4, 8) });
      await provisionFleet(store, secret, big.manifest, 1000);
      const small = new Fleet({ seed: 1, devices: 3, mix: { DHT22: 0, PIR: 1, LIGHT: 2 }, start: Date.UTC(2019, 4, 8) });
      const moved = small.manifest.filter((m) => big.manifest.some((b) => b.id === m.id && b.kind !== m.kind));
      expect(moved.length).toBeGreaterThan(0);
      await provisionFleet(store, secret, small.manifest, 2000);
      for (const m of small.manifest) expect(await store.getDevice(m.id)).toMatchObject({ sensors: [m.kind], updatedAt: 2000 });
    } finally {
      await store.close();
    }
  });
});
