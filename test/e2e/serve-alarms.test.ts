// Live fault detection end to end: a real `mimic serve` fed by `mimic simulate` with labelled
// faults; the alarms appear in GET /v1/alarms and `mimic alarms` (store and server), match the
// faults file, survive a restart, and are not raised again when the same readings come again.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AlarmJson } from "../../src/telemetry/live/alarm-query.js";
import { mimic, startServe, type ServeProcess } from "./serve-process.js";

interface Fault {
  device: string;
  kind: string;
  start: string;
  end: string;
}

const KINDS = ["spike", "stuck", "dropout"];

describe("mimic serve: live fault detection", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-alarms-e2e-"));
  let server: ServeProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const alarmsOf = async (s: ServeProcess, query = ""): Promise<AlarmJson[]> => {
    const res = await fetch(`${s.url}/v1/alarms${query}`, { headers: { authorization: s.read } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { alarms: AlarmJson[] }).alarms;
  };
  const simulate = (s: ServeProcess, extra: string[]) =>
    spawnSync(
      process.execPath,
      [
        "dist/main.js",
        "simulate",
        "--devices",
        "4",
        "--mix",
        "dht22=1",
        "--start",
        start,
        "--backfill",
        "2d",
        "--faults",
        "spike=2,stuck=2,dropout=2",
        "--url",
        s.url,
        "--tokens",
        join(dir, "tokens.json"),
        ...extra,
      ],
      { encoding: "utf8", timeout: 240_000 },
    );
  // Two days ending an hour ago, on a whole hour: inside the server's window, the same at a rerun.
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 49 * 3_600_000).toISOString();

  it("raises an alarm for the labelled spikes, stuck runs and dropouts, shown by /v1/alarms and mimic alarms, kept across a restart", async () => {
    server = await startServe(["--data-dir", dir, "--rate-limit", "0"]);
    const run = simulate(server, ["--provision", "--data-dir", dir, "--faults-out", join(dir, "faults.jsonl")]);
    expect(run.status, run.stderr).toBe(0);
    const faults = readFileSync(join(dir, "faults.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Fault)
      .filter((f) => KINDS.includes(f.kind));
    expect(faults.length).toBeGreaterThan(10);

    // Alarms are written right after each commit; give the last ones a moment.
    let alarms: AlarmJson[] = [];
    for (let i = 0; i < 50; i++) {
      alarms = await alarmsOf(server);
      if (faults.every((f) => found(f, alarms))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Alarms that later events join are written at the next sweep (every 5 s): let it pass.
    await new Promise((r) => setTimeout(r, 6000));
    alarms = await alarmsOf(server);
    const missed = faults.filter((f) => !found(f, alarms));
    // Faults that overlap another fault on the same device can hide one another (a spike inside
    // a stuck run); all but a few of them must each have their alarm.
    expect(missed.length, JSON.stringify(missed)).toBeLessThanOrEqual(Math.floor(faults.length / 10));
    for (const kind of KINDS) expect(alarms.some((a) => a.kind === kind)).toBe(true);
    // Closed alarms of these kinds are the faults, bar a rare false alarm. (Open dropouts appear
    // 3 cadences after the backfill ends: the simulated devices do go silent then.)
    const closed = alarms.filter((a) => a.state === "closed");
    const falseAlarms = closed.filter((a) => KINDS.includes(a.kind) && !faults.some((f) => covers(f, a)));
    expect(falseAlarms.length, JSON.stringify(falseAlarms)).toBeLessThanOrEqual(Math.max(1, Math.floor(closed.length / 20)));

    // The same through the CLI, from the store while the server runs, and from the server.
    const fromStore = mimic(["alarms", "--data-dir", dir, "--state", "closed", "--json"]);
    expect(fromStore.code, fromStore.stderr).toBe(0);
    expect((JSON.parse(fromStore.stdout) as { alarms: AlarmJson[] }).alarms).toEqual(closed);
    const token = server.read.slice("Bearer ".length);
    const fromServer = mimic(["alarms", "--url", server.url, "--token", token, "--kind", "spike", "--json"]);
    expect(fromServer.code, fromServer.stderr).toBe(0);
    expect((JSON.parse(fromServer.stdout) as { alarms: AlarmJson[] }).alarms).toEqual(closed.filter((a) => a.kind === "spike"));
    const table = mimic(["alarms", "--data-dir", dir, "--kind", "stuck"]);
    expect(table.stdout).toMatch(/^STATE\s+KIND\s+DEVICE/);
    expect(table.stderr).toMatch(/mimic: \d+ alarms/);
    const refused = mimic(["alarms", "--url", server.url, "--json"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("[AUTH_MISSING]");

    // A restart keeps them, and the same readings sent again (same seed: same ids) raise nothing new.
    expect(await server.stop()).toBe(0);
    server = await startServe(["--data-dir", dir, "--rate-limit", "0"]);
    expect((await alarmsOf(server, "?state=closed")).map((a) => a.id)).toEqual(closed.map((a) => a.id));
    const again = simulate(server, []);
    expect(again.status, again.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    const after = await alarmsOf(server, "?state=closed");
    expect(after).toEqual(closed);
  }, 600_000);
});

const ms = (iso: string | null): number => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));

/** Slack for the device clock (labels are in true time, alarms in device time) and the reading before a gap. */
const SLACK_MS = 60_000;

function covers(f: Fault, a: AlarmJson): boolean {
  return f.device === a.device && f.kind === a.kind && ms(a.start) <= ms(f.end) + SLACK_MS && ms(a.end) >= ms(f.start) - SLACK_MS;
}

function found(f: Fault, alarms: readonly AlarmJson[]): boolean {
  return alarms.some((a) => covers(f, a));
}
