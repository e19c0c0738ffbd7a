import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../../test/support/services.js";
import { startTcpProxy, viaProxy, type TcpProxy } from "../../../test/support/tcp-proxy.js";
import { isMimicError } from "../../errors/index.js";
import { openPostgresStore, type PostgresStore } from "../adapters/store-postgres/index.js";
import { Authenticator } from "./authenticator.js";
import { addDevice, revokeDevice } from "./device-admin.js";

const check = await checkService("postgres");
const url = serviceUrl("postgres");
const schema = `mimic_auth_outage_${process.pid}_${Date.now().toString(36)}`;
const secret = new Uint8Array(randomBytes(32));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return isMimicError(error) ? error.code : "crash";
  }
}

// The server's store reaches PostgreSQL through a proxy the test cuts: a real outage for it,
// while `admin` (another process, say `mimic devices`) keeps its direct connection.
describe.skipIf(!check.available)("Authenticator through a registry outage", () => {
  let proxy: TcpProxy;
  let admin: PostgresStore;
  let server: PostgresStore;
  let clock = Date.UTC(2026, 0, 1);
  const now = () => clock;
  beforeAll(async () => {
    const target = new URL(url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    admin = await openPostgresStore({ url, schema });
    server = await openPostgresStore({ url: viaProxy(url, proxy), schema, poolSize: 2 });
  });
  afterAll(async () => {
    await server?.close();
    await admin?.close();
    await proxy?.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  it("serves recently verified tokens from the cache within the staleness limit, 503 for the rest, and applies revocations once the registry answers", async () => {
    const auth = new Authenticator(server, secret, { registryTtlMs: 2000, staleLimitMs: 120_000, now });
    const seen = await addDevice(admin, secret, { id: "o1", sensors: ["DHT22"], now: clock });
    const unseen = await addDevice(admin, secret, { id: "o2", sensors: ["PIR"], now: clock });
    expect((await auth.authenticate(`Bearer ${seen.token}`)).deviceId).toBe("o1");

    await proxy.cut();
    clock += 5000; // past the TTL: the registry is asked, and cannot answer
    expect((await auth.authenticate(`Bearer ${seen.token}`)).deviceId).toBe("o1");
    clock += 60_000; // a 65 s outage so far: still inside the 120 s limit
    expect((await auth.authenticate(`Bearer ${seen.token}`)).deviceId).toBe("o1");
    // Never verified here: the registry must decide, so 503 (retry), not 401.
    expect(await codeOf(auth.authenticate(`Bearer ${unseen.token}`))).toBe("INGEST_UNAVAILABLE");
    clock += 60_000; // 125 s since the registry last answered: past the limit
    expect(await codeOf(auth.authenticate(`Bearer ${seen.token}`))).toBe("INGEST_UNAVAILABLE");

    // Revoked meanwhile (by a process that still reaches PostgreSQL): refused once the registry answers.
    await revokeDevice(admin, "o1", clock);
    await proxy.restore();
    clock += 1001; // past the registry retry pause
    expect(await codeOf(auth.authenticate(`Bearer ${seen.token}`))).toBe("AUTH_REVOKED");
    expect((await auth.authenticate(`Bearer ${unseen.token}`)).deviceId).toBe("o2");
  });
});
