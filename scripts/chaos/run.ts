// `npm run chaos [-- --short] [-- --only name,name]`: fault scenarios against real `mimic serve`
// processes (dist/, built by the npm script) and the local services, with a load that records
// every acknowledged reading. Prints, per scenario: requests, acknowledged, stored, lost,
// duplicated, statuses seen, recovery time. Exits 1 if any acknowledged reading was lost or
// stored twice, a serve process died on its own, a scenario missed its own checks, or one ran
// past its time limit (a hang fails; it never stalls the suite).
//
// The shared PostgreSQL and NATS servers are never stopped: PostgreSQL is stopped and started as
// a private cluster of its own (initdb into a temporary dir, a free port), or cut through a TCP
// proxy (connections reset, new ones refused); NATS restarts SIGKILL a private nats-server with
// its own store dir; the full disk is a tmpfs of its own. So the suite may run beside other users
// of those servers, and CI runs its short version after `npm test`.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { ServeProcess } from "../../test/e2e/serve-process.js";
import { natsServerInstalled, startPrivateNats } from "../../test/support/private-nats.js";
import { serviceUrl } from "../../test/support/services.js";
import { privatePostgresUnavailable, startPrivatePostgres } from "../../test/support/private-postgres.js";
import { startTcpProxy, viaProxy } from "../../test/support/tcp-proxy.js";
import { crashed, DEVICES, killEveryServe, registerDevices, settle, sleep, startTrackedServe, statusText, type Outcome, type Timing } from "./common.js";
import { fullDisk } from "./full-disk.js";
import { startLoad, stopEveryLoad } from "./load.js";
import { storedInPostgres, storedInSqlite } from "./stored.js";

const short = process.argv.includes("--short");
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1]!.split(",") : undefined;
const T: Timing = short ? { phase: 2, pgOutage: 5, natsDown: 2, diskFull: 6 } : { phase: 10, pgOutage: 60, natsDown: 5, diskFull: 20 };

async function embeddedSigkill(): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "mimic-chaos-"));
  const args = ["--data-dir", dir, "--rate-limit", "0"];
  try {
    const devices = registerDevices(["--data-dir", dir]);
    let server = await startTrackedServe(args);
    const load = startLoad(() => server.url, devices);
    await sleep(T.phase);
    await server.stop("SIGKILL");
    const down = performance.now();
    server = await startTrackedServe(args);
    const recovered = await load.firstAckAfter(down);
    await sleep(T.phase);
    const result = await load.stop();
    const note = crashed([server]);
    await server.stop();
    const t = await settle(result, () => storedInSqlite(join(dir, "mimic.db")));
    return { name: "embedded: SIGKILL serve", requests: result.requests, statuses: statusText(result.statuses), recoveryMs: recovered - down, note, ...t };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type ScaledFault = "sigkill" | "pg-cut" | "pg-stop" | "nats";

/**
 * NATS (private) + PostgreSQL (a fresh schema): two serve processes. PostgreSQL is the shared
 * server through a proxy (that `pg-cut` cuts), or for `pg-stop` a private cluster stopped and
 * started for real.
 */
async function scaledOut(name: string, fault: ScaledFault): Promise<Outcome | string> {
  if (fault === "pg-stop") {
    const why = privatePostgresUnavailable();
    if (why !== undefined) return why;
  }
  const dir = mkdtempSync(join(tmpdir(), "mimic-chaos-"));
  const schema = `chaos_${randomBytes(4).toString("hex")}`;
  const cluster = fault === "pg-stop" ? await startPrivatePostgres() : undefined;
  const pgUrl = cluster?.url ?? serviceUrl("postgres");
  const target = new URL(pgUrl);
  const proxy = cluster === undefined ? await startTcpProxy(target.hostname, Number(target.port || 5432)) : undefined;
  const nats = await startPrivateNats();
  const storeUrl = `${proxy === undefined ? pgUrl : viaProxy(pgUrl, proxy)}?schema=${schema}`;
  const args = ["--data-dir", dir, "--rate-limit", "0", "--store", storeUrl, "--bus", `${nats.url}?ack_wait=2`];
  const servers: ServeProcess[] = [];
  const problems: string[] = [];
  try {
    // Directly, not through the proxy: `devices add` runs synchronously, and the proxy lives on
    // this process's event loop.
    const devices = registerDevices(["--data-dir", dir, "--store", `${pgUrl}?schema=${schema}`]);
    servers.push(await startTrackedServe(args), await startTrackedServe(args));
    let turn = 0;
    const load = startLoad(() => servers[turn++ % servers.length]!.url, devices);
    await sleep(T.phase);
    let recoveredAt: Promise<number>;
    let faultEnd: number;
    if (fault === "sigkill") {
      await servers[0]!.stop("SIGKILL");
      faultEnd = performance.now();
      servers[0] = await startTrackedServe(args);
      recoveredAt = load.firstAckAfter(faultEnd);
    } else if (fault === "pg-cut" || fault === "pg-stop") {
      const ackedBefore = load.acknowledgedCount();
      if (proxy !== undefined) await proxy.cut();
      else await cluster!.stop();
      await sleep(T.pgOutage);
      problems.push(...(await storeOutageShown(servers[0]!)));
      if (load.acknowledgedCount() === ackedBefore) problems.push("no reading was acknowledged during the outage");
      if (proxy !== undefined) await proxy.restore();
      else await cluster!.start();
      faultEnd = performance.now();
      // Ingest went on through the outage: what recovers is the store, once the consumer has
      // written everything acknowledged so far.
      const acknowledged = load.acknowledgedSoFar();
      recoveredAt = settle({ acknowledged }, () => storedInPostgres(pgUrl, schema)).then((t) => {
        if (t.lost > 0) throw new Error(`the store had not caught up 90 s after PostgreSQL came back (${t.lost} missing)`);
        return performance.now();
      });
    } else {
      await nats.kill();
      await sleep(T.natsDown);
      await nats.start();
      faultEnd = performance.now();
      recoveredAt = load.firstAckAfter(faultEnd);
    }
    const recovered = await recoveredAt;
    await sleep(T.phase);
    const result = await load.stop();
    const died = crashed(servers);
    if (died) problems.push(died);
    const t = await settle(result, () => storedInPostgres(pgUrl, schema));
    for (const s of servers) await s.stop();
    return { name, requests: result.requests, statuses: statusText(result.statuses), recoveryMs: recovered - faultEnd, note: problems.join("; "), ...t };
  } finally {
    for (const s of servers) await s.stop("SIGKILL");
    await nats.close();
    await proxy?.close();
    if (cluster !== undefined) await cluster.close();
    else {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What an operator sees while the store is down in NATS mode (docs/reliability.md): the node stays
 * ready — JetStream takes the readings — and /readyz and /metrics show the failing store.
 */
async function storeOutageShown(server: ServeProcess): Promise<string[]> {
  const problems: string[] = [];
  const ready = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  const body = (await ready.json()) as Record<string, unknown>;
  if (ready.status !== 200 || body["store"] !== false || body["storeWrites"] !== false)
    problems.push(`/readyz during the outage: ${ready.status} ${JSON.stringify(body)}`);
  const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: server.read }, signal: AbortSignal.timeout(10_000) });
  const gauge = /^mimic_store_writes_failing (\d)$/m.exec(await metrics.text())?.[1];
  if (gauge !== "1") problems.push(`mimic_store_writes_failing during the outage: ${gauge}`);
  return problems;
}

/** A scenario still running after this has hung: it fails, and the suite goes on with the next. */
const SCENARIO_LIMIT_S = 4 * T.phase + T.pgOutage + 240;

const SCENARIOS: [string, () => Promise<Outcome | string>][] = [
  ["embedded-sigkill", embeddedSigkill],
  ["scaled-sigkill", () => scaledOut("NATS+PostgreSQL: SIGKILL one of two serve", "sigkill")],
  ["pg-stop", () => scaledOut(`NATS+PostgreSQL: PostgreSQL stopped ${T.pgOutage} s, then started`, "pg-stop")],
  ["pg-outage", () => scaledOut(`NATS+PostgreSQL: PostgreSQL unreachable ${T.pgOutage} s`, "pg-cut")],
  ["nats-restart", () => scaledOut(`NATS+PostgreSQL: nats-server SIGKILLed, back after ${T.natsDown} s`, "nats")],
  ["full-disk", () => fullDisk(T)],
];

/** The scenario's outcome; a reason to skip it (string); or a failed outcome if it threw or ran past the limit. */
async function runScenario(key: string, run: () => Promise<Outcome | string>): Promise<Outcome | string> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${SCENARIO_LIMIT_S} s: it hung`)), SCENARIO_LIMIT_S * 1000);
  });
  try {
    return await Promise.race([run(), limit]);
  } catch (e) {
    const none = { requests: 0, acknowledged: 0, stored: 0, lost: 0, duplicated: 0, statuses: "", recoveryMs: undefined };
    return { name: key, ...none, note: `scenario failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    clearTimeout(timer);
    await stopEveryLoad();
    await killEveryServe();
  }
}

if (!natsServerInstalled()) process.exit(1);
console.log(`mimic chaos (${short ? "short" : "full"}): ${DEVICES} devices × 2 senders, ${T.phase} s of load before and after each fault\n`);
let failed = false;
for (const [key, run] of SCENARIOS) {
  if (only !== undefined && !only.includes(key)) continue;
  const began = performance.now();
  const o = await runScenario(key, run);
  const took = `${((performance.now() - began) / 1000).toFixed(0)} s`;
  if (typeof o === "string") {
    console.log(`skip ${key}: ${o}\n`);
    continue;
  }
  const bad = o.lost > 0 || o.duplicated > 0 || o.note !== "";
  failed ||= bad;
  console.log(`${bad ? "FAIL" : "ok  "} ${o.name} (${key}, ${took})`);
  console.log(`     requests ${o.requests}, acknowledged ${o.acknowledged}, stored ${o.stored}, lost ${o.lost}, duplicated ${o.duplicated}`);
  console.log(`     statuses ${o.statuses}`);
  console.log(`     recovery ${o.recoveryMs === undefined ? "—" : `${(o.recoveryMs / 1000).toFixed(2)} s`}${o.note ? `\n     ${o.note}` : ""}\n`);
}
process.exit(failed ? 1 : 0);
