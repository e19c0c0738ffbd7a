// `mimic demo` as a newcomer runs it: the real CLI prints a dashboard URL whose page loads, whose
// fleet holds a week of readings and keeps sending; --duration (and Ctrl-C) end it with nothing left:
// no process, no listening port, no temporary data dir.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";

const MAIN = "dist/main.js";

interface Demo {
  url: URL;
  token: string;
  dataDir: string;
  out: () => string;
  err: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  pid: number;
}

/** Starts the demo and resolves once it has printed its URL and finished its backfill. */
/** Demos still running when a test ends (it failed): stopped, so they remove their folders. */
const running = new Set<ChildProcess>();
afterEach(async () => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGINT");
      await exited;
    }
  }
  running.clear();
});

async function startDemo(args: readonly string[]): Promise<Demo> {
  const child = spawn(process.execPath, [MAIN, "demo", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not finish its backfill in 180 s; stdout: ${out}; stderr: ${err}`)), 180_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (/mimic: live:/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}; stdout: ${out}; stderr: ${err}`));
    });
  });
  const url = new URL(/open the dashboard: (\S+)/.exec(out)![1]!);
  return {
    url,
    token: url.searchParams.get("token")!,
    dataDir: /data in (\S+?)[,)]/.exec(out)![1]!,
    out: () => out,
    err: () => err,
    exited,
    pid: child.pid!,
  };
}

async function portClosed(port: number): Promise<boolean> {
  const socket = connect({ host: "127.0.0.1", port });
  try {
    await once(socket, "connect");
    return false;
  } catch {
    return true;
  } finally {
    socket.destroy();
  }
}

describe("mimic demo (real process)", () => {
  it("prints a URL that serves the dashboard and a week of the seed's fleet, live; --duration ends it leaving nothing", async () => {
    // Long enough for a slow backfill on a loaded machine and the live check after it.
    const demo = await startDemo(["--duration", "75s"]);
    const auth = { authorization: `Bearer ${demo.token}` };
    // The URL trades its token for the page's cookie, then lands on the dashboard.
    const landing = await fetch(demo.url, { redirect: "manual" });
    expect(landing.status).toBe(303);
    const cookie = landing.headers.get("set-cookie")!.split(";")[0]!;
    const page = await fetch(new URL(landing.headers.get("location")!, demo.url), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);

    const fleet = (await (await fetch(new URL("/v1/devices", demo.url), { headers: auth })).json()) as {
      devices: { id: string; sensors: string[]; readingsLastHour: number }[];
    };
    expect(fleet.devices).toHaveLength(3);
    for (const d of fleet.devices) expect([...d.sensors].sort()).toEqual(["DHT22", "LIGHT", "PIR"]);
    // Faults (dropouts, outages) may silence a Pi for a while: the fleet's totals are checked, with room.
    expect(fleet.devices.reduce((n, d) => n + d.readingsLastHour, 0)).toBeGreaterThan(300);
    // A week of history: the first 6 hours of the week hold a DHT22 reading every ~15 s per Pi (4,320).
    const weekAgo = Math.floor(Date.now() / 1000) - 7 * 86_400;
    const early = await fetch(new URL(`/v1/readings?sensor=DHT22&from=${weekAgo + 600}&to=${weekAgo + 600 + 6 * 3600}`, demo.url), { headers: auth });
    const earlyCount = ((await early.json()) as { count: number }).count;
    expect(earlyCount).toBeGreaterThan(2000);
    // Live: readings stamped after this moment keep arriving.
    const liveSince = Math.floor(Date.now() / 1000);
    const stored = async (): Promise<number> => {
      const res = await fetch(new URL(`/v1/readings?from=${liveSince}&to=${liveSince + 3600}`, demo.url), { headers: auth });
      return ((await res.json()) as { count: number }).count;
    };
    const before = await stored();
    let after = before;
    for (let i = 0; i < 15 && after <= before; i++) {
      await new Promise((r) => setTimeout(r, 2000));
      after = await stored();
    }
    expect(after).toBeGreaterThan(before);
    // No process of its own: the server and the fleet run inside the demo.
    expect(spawnSync("pgrep", ["-P", String(demo.pid)], { encoding: "utf8" }).stdout.trim()).toBe("");

    const [code] = await demo.exited;
    expect(code, demo.err()).toBe(0);
    expect(demo.err()).toContain("demo stopped; its temporary data dir is removed");
    expect(demo.out()).toMatch(/backfilled [\d,]+ readings \(\d+ faults\) in [\d.]+ s\n/);
    expect(existsSync(demo.dataDir)).toBe(false);
    expect(await portClosed(Number(demo.url.port))).toBe(true);
  }, 300_000);

  it("Ctrl-C (SIGINT) during the live run stops it at once, exit 0, the temporary dir removed", async () => {
    const demo = await startDemo(["--backfill", "1h"]);
    process.kill(demo.pid, "SIGINT");
    const [code] = await demo.exited;
    expect(code, demo.err()).toBe(0);
    expect(existsSync(demo.dataDir)).toBe(false);
    expect(await portClosed(Number(demo.url.port))).toBe(true);
  }, 300_000);
});
