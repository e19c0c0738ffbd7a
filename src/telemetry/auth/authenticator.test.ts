import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStoreFor } from "../../server/index.js";
import { isMimicError } from "../../errors/index.js";
import type { TelemetryStore } from "../ports.js";
import { Authenticator } from "./authenticator.js";
import { addDevice, revokeDevice, rotateDevice } from "./device-admin.js";
import { issueDeviceToken } from "./tokens.js";

const secret = new Uint8Array(randomBytes(32));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return isMimicError(error) ? error.code : "crash";
  }
}

// Two store connections on one SQLite file stand for two processes: `mimic devices` and a server.
describe("Authenticator across processes sharing a store", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-auth-"));
  const location = { dataDir: dir, store: { kind: "sqlite" as const, path: join(dir, "mimic.db") } };
  let admin: TelemetryStore;
  let server: TelemetryStore;
  let clock = Date.UTC(2026, 0, 1);
  const now = () => clock;
  beforeAll(async () => {
    admin = await openStoreFor(location);
    server = await openStoreFor(location);
  });
  afterAll(async () => {
    await admin.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sees a revocation made elsewhere within the cache TTL (≤ 5 s)", async () => {
    const auth = new Authenticator(server, secret, { registryTtlMs: 2000, now });
    const { token } = await addDevice(admin, secret, { id: "rp1", sensors: ["DHT22"], now: clock });
    expect(await auth.authenticate(`Bearer ${token}`)).toEqual({ deviceId: "rp1", sensors: ["DHT22"] });
    await revokeDevice(admin, "rp1", clock);
    clock += 2001;
    expect(await codeOf(auth.authenticate(`Bearer ${token}`))).toBe("AUTH_REVOKED");
  });

  it("keeps the old token working for the rotation overlap, then refuses it", async () => {
    const auth = new Authenticator(server, secret, { registryTtlMs: 0, now });
    const first = await addDevice(admin, secret, { id: "rp2", sensors: ["PIR"], now: clock });
    const second = await rotateDevice(admin, secret, { id: "rp2", now: clock, overlapMs: 60_000 });
    expect(second.token).not.toBe(first.token);
    expect((await auth.authenticate(`Bearer ${first.token}`)).deviceId).toBe("rp2");
    clock += 60_001;
    expect(await codeOf(auth.authenticate(`Bearer ${first.token}`))).toBe("AUTH_REVOKED");
    expect((await auth.authenticate(`Bearer ${second.token}`)).sensors).toEqual(["PIR"]);
  });

  it("does not revive revoked tokens when a revoked device is rotated", async () => {
    const auth = new Authenticator(server, secret, { registryTtlMs: 0, now });
    const first = await addDevice(admin, secret, { id: "rp3", sensors: ["LIGHT"], now: clock });
    await revokeDevice(admin, "rp3", clock);
    clock += 1;
    const fresh = await rotateDevice(admin, secret, { id: "rp3", now: clock, overlapMs: 3_600_000 });
    expect(await codeOf(auth.authenticate(`Bearer ${first.token}`))).toBe("AUTH_REVOKED");
    expect((await auth.authenticate(`Bearer ${fresh.token}`)).deviceId).toBe("rp3");
  });

  it("reports a token id the registry never held as AUTH_INVALID, not revoked", async () => {
    const auth = new Authenticator(server, secret, { now });
    const { token } = await issueDeviceToken(secret, "rp-never", clock);
    expect(await codeOf(auth.authenticate(`Bearer ${token}`))).toBe("AUTH_INVALID");
  });

  it("refuses tokens of unknown devices and from another secret", async () => {
    const auth = new Authenticator(server, secret, { now });
    const other = await addDevice(admin, new Uint8Array(randomBytes(32)), { id: "rp4", sensors: ["DHT22"], now: clock });
    expect(await codeOf(auth.authenticate(`Bearer ${other.token}`))).toBe("AUTH_INVALID");
    expect(await codeOf(addDevice(admin, secret, { id: "rp4", sensors: ["DHT22"], now: clock }))).toBe("STORE_DEVICE_EXISTS");
    expect(await codeOf(revokeDevice(admin, "ghost", clock))).toBe("STORE_DEVICE_NOT_FOUND");
  });
});
