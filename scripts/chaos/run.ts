// `npm run chaos [-- --short] [-- --only name,name]`: fault scenarios against real `mimic serve`
// processes (dist/, built by the npm script) and the local services, with a load that records
// every acknowledged reading. (A full disk is tested by src/server/full-disk.test.ts on a tmpfs.) Prints, per scenario: requests, acknowledged, stored, lost,
// duplicated, statuses seen, recovery time. Exits 1 if any acknowledged reading was lost or
// stored twice, or a serve process died on its own.
//
// The shared PostgreSQL and NATS servers are never stopped: PostgreSQL outages go through a TCP
// proxy that is cut (connections reset, new ones refused: an outage from mimic's point of view),
// and NATS restarts SIGKILL a private nats-server with its own store dir. So the suite may run
// beside other users of those servers, and CI runs its short version after `npm test`.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { mimic, startServe, type ServeProcess } from "../../test/e2e/serve-process.js";
import { natsServerInstalled, startPrivateNats } from "../../test/support/private-nats.js";
import { serviceUrl } from "../../test/support/services.js";
import { startTcpProxy, viaProxy } from "../../test/support/tcp-proxy.js";
import { startLoad, type LoadResult } from "./load.js";
import { storedInPostgres, storedInSqlite, tally, type Stored, type Tally } from "./stored.js";

const short = process.argv.includes("--short");
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1]!.split(",") : undefined;
/** Seconds of load before and after each fault, and how long each fault lasts. */
const T = short ? { phase: 2, pgOutage: 5, natsDown: 2 } : { phase: 10, pgOutage: 60, natsDown: 5 };
const DEVICES = 4;

interface Outcome extends Tally {
  name: string;
  requests: number;
  statuses: string;
  recoveryMs: number | undefined;
  note: string;
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const statusText = (m: Map<string, number>) =>
  [...m]
    .sort()
    .map(([k, v]) => `${k}×${v}`)
    .join(" ");

function registerDevices(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < DEVICES; i++) {
    const id = `chaos${i}`;
    const r = mimic(["devices", "add", id, "--type", "DHT22", ...args]);
    if (r.code !== 0) throw new Error(`devices add failed: ${r.stderr}`);
    out.set(id, r.stdout.trim());
  }
  return out;
}

/** Waits (up to 90 s) until every acknowledged reading is stored; returns the final tally. */
async function settle(result: LoadResult, read: () => Promise<Stored> | Stored): Promise<Tally> {
  const end = performance.now() + 90_000;
  for (;;) {
    const t = tally(result.acknowledged, await read());
    if (t.lost === 0 || performance.now() > end) return t;
    await sleep(0.5);
  }
}

function crashed(servers: readonly ServeProcess[]): string {
  const dead = servers.filter((s) => s.child.exitCode !== null || s.child.signalCode !== null);
  return dead.length === 0 ? "" : `serve exited on its own: ${dead.map((s) => s.stderr().slice(-400)).join(" | ")}`;
}

async function embeddedSigkill(): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "mimic-chaos-"));
  const args = ["--data-dir", dir, "--rate-limit", "0"];
  try {
    const devices = registerDevices(["--data-dir", dir]);
    let server = await startServe(args);
    const load = startLoad(() => server.url, devices);
    await sleep(T.phase);
    await server.stop("SIGKILL");
    const down = performance.now();
    server = await startServe(args);
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

/** NATS (private) + PostgreSQL (a fresh schema, through a proxy): two serve processes. */
async function scaledOut(name: string, fault: "sigkill" | "pg" | "nats"): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "mimic-chaos-"));
  const schema = `chaos_${randomBytes(4).toString("hex")}`;
  const pgUrl = serviceUrl("postgres");
  const target = new URL(pgUrl);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  const nats = await startPrivateNats();
  const storeUrl = `${viaProxy(pgUrl, proxy)}?schema=${schema}`;
  const args = ["--data-dir", dir, "--rate-limit", "0", "--store", storeUrl, "--bus", `${nats.url}?ack_wait=2`];
  const servers: ServeProcess[] = [];
  try {
    // Directly, not through the proxy: `devices add` runs synchronously, and the proxy lives on
    // this process's event loop.
    const devices = registerDevices(["--data-dir", dir, "--store", `${pgUrl}?schema=${schema}`]);
    servers.push(await startServe(args), await startServe(args));
    let turn = 0;
    const load = startLoad(() => servers[turn++ % servers.length]!.url, devices);
    await sleep(T.phase);
    let recoveredAt: Promise<number>;
    let faultEnd: number;
    if (fault === "sigkill") {
      await servers[0]!.stop("SIGKILL");
      faultEnd = performance.now();
      servers[0] = await startServe(args);
      recoveredAt = load.firstAckAfter(faultEnd);
    } else if (fault === "pg") {
      await proxy.cut();
      await sleep(T.pgOutage);
      await proxy.restore();
      faultEnd = performance.now();
      recoveredAt = load.firstAckAfter(faultEnd);
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
    const note = crashed(servers);
    const t = await settle(result, () => storedInPostgres(pgUrl, schema));
    for (const s of servers) await s.stop();
    return { name, requests: result.requests, statuses: statusText(result.statuses), recoveryMs: recovered - faultEnd, note, ...t };
  } finally {
    for (const s of servers) await s.stop("SIGKILL");
    await nats.close();
    await proxy.close();
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

const SCENARIOS: [string, () => Promise<Outcome>][] = [
  ["embedded-sigkill", embeddedSigkill],
  ["scaled-sigkill", () => scaledOut("NATS+PostgreSQL: SIGKILL one of two serve", "sigkill")],
  ["pg-outage", () => scaledOut(`NATS+PostgreSQL: PostgreSQL unreachable ${T.pgOutage} s`, "pg")],
  ["nats-restart", () => scaledOut(`NATS+PostgreSQL: nats-server SIGKILLed, back after ${T.natsDown} s`, "nats")],
];

if (!natsServerInstalled()) process.exit(1);
console.log(`mimic chaos (${short ? "short" : "full"}): ${DEVICES} devices × 2 senders, ${T.phase} s of load before and after each fault\n`);
let failed = false;
for (const [key, run] of SCENARIOS) {
  if (only !== undefined && !only.includes(key)) continue;
  const o = await run();
  const bad = o.lost > 0 || o.duplicated > 0 || o.note !== "";
  failed ||= bad;
  console.log(`${bad ? "FAIL" : "ok  "} ${o.name}`);
  console.log(`     requests ${o.requests}, acknowledged ${o.acknowledged}, stored ${o.stored}, lost ${o.lost}, duplicated ${o.duplicated}`);
  console.log(`     statuses ${o.statuses}`);
  console.log(`     recovery ${o.recoveryMs === undefined ? "—" : `${(o.recoveryMs / 1000).toFixed(2)} s`}${o.note ? `\n     ${o.note}` : ""}\n`);
}
process.exit(failed ? 1 : 0);
