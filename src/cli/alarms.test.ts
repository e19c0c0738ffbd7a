import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../telemetry/adapters/store-sqlite/index.js";
import { alarmId, type Alarm } from "../telemetry/live/index.js";
import { runCli } from "./run-cli.js";

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await runCli(["alarms", ...argv], {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
    cwd: tmpdir(),
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

const T0 = 1_790_000_000;
const alarm = (device: string, kind: string, start: number, end: number | null): Alarm => ({
  id: alarmId(device, "DHT22", kind, start),
  device,
  sensor: "DHT22",
  kind,
  state: end === null ? "open" : "closed",
  start,
  end,
  score: 2.5,
  evidence: `${kind} seen`,
  openedAt: (start + 60) * 1000,
  closedAt: end === null ? null : (end + 60) * 1000,
});

describe("mimic alarms (in process, over a store)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-alarms-cli-"));
  beforeAll(async () => {
    const store = await openSqliteStore({ path: join(dir, "mimic.db"), thread: "inline" });
    for (const a of [alarm("a", "stuck", T0 + 100, null), alarm("a", "spike", T0, T0), alarm("b", "dropout", T0 + 50, T0 + 400)]) await store.saveAlarm(a);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a table, newest start first, and the count with how many are open", async () => {
    const r = await run("--data-dir", dir);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toMatch(/^STATE\s+KIND\s+DEVICE\s+SENSOR\s+START\s+END\s+SCORE\s+EVIDENCE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ["open", "stuck", "a"],
      ["closed", "dropout", "b"],
      ["closed", "spike", "a"],
    ]);
    expect(r.err).toBe("mimic: 3 alarms (1 open)\n");
  });

  it("filters as GET /v1/alarms does and answers its JSON with --json", async () => {
    const r = await run("--data-dir", dir, "--state", "closed", "--device", "a", "--json");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      alarms: [
        {
          id: alarmId("a", "DHT22", "spike", T0),
          device: "a",
          sensor: "DHT22",
          kind: "spike",
          state: "closed",
          start: new Date(T0 * 1000).toISOString(),
          end: new Date(T0 * 1000).toISOString(),
          score: 2.5,
          evidence: "spike seen",
          openedAt: new Date((T0 + 60) * 1000).toISOString(),
          closedAt: new Date((T0 + 60) * 1000).toISOString(),
        },
      ],
    });
    const since = await run("--data-dir", dir, "--from", String(T0 + 10), "--to", String(T0 + 100), "--json");
    expect((JSON.parse(since.out) as { alarms: Alarm[] }).alarms.map((a) => a.kind)).toEqual(["dropout"]);
  });

  it("refuses bad filters and a server with a store, exit 2", async () => {
    const bad = await run("--data-dir", dir, "--state", "ringing", "--kind", "fire");
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining("[QUERY_INVALID]")]);
    expect(bad.err).toContain("--kind");
    const both = await run("--data-dir", dir, "--url", "http://127.0.0.1:1");
    expect([both.code, both.err]).toEqual([2, expect.stringContaining("not both")]);
  });
});
