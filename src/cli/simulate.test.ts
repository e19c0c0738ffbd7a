import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestPeer } from "../device/test-support/test-peer.js";
import { Fleet } from "../sensors/index.js";
import { DEFAULT_SEED } from "./internal/seed.js";
import { runCli } from "./run-cli.js";

function io(dir: string): { io: Parameters<typeof runCli>[1]; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  return {
    io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, cwd: dir, signal: new AbortController().signal },
    out: () => out,
    err: () => err,
  };
}

describe("mimic simulate (in process, against a test peer)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-simulate-cli-"));
  const peer = new TestPeer();
  const tokens = join(dir, "tokens.json");
  beforeAll(async () => {
    await peer.start();
    // The fleet the CLI simulates by default: the same default seed.
    const fleet = new Fleet({ seed: DEFAULT_SEED, devices: 4, mix: { DHT22: 2, PIR: 1, LIGHT: 1 }, start: 0 });
    writeFileSync(tokens, JSON.stringify(Object.fromEntries(fleet.manifest.map((m) => [m.id, `t-${m.id}`]))));
  });
  afterAll(async () => {
    await peer.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs a fleet and prints the final report", async () => {
    const c = io(dir);
    const code = await runCli(
      ["simulate", "--devices", "4", "--url", peer.url, "--tokens", "tokens.json", "--speed", "7200", "--duration", "1s", "--faults-out", "faults.jsonl"],
      c.io,
    );
    expect(code, c.err()).toBe(0);
    expect(c.out()).toMatch(/mimic simulate: 4 devices, live at 7200×, json/);
    const acked = Number(/acknowledged\s+([\d,]+)/.exec(c.out())![1]!.replaceAll(",", ""));
    expect(acked).toBeGreaterThan(100);
    expect(c.out()).toMatch(/rejected\s+none/);
  });

  it("exits 5 with the status and code when the server rejects readings", async () => {
    peer.fallback = { status: 400, body: '{"success":false,"error":{"code":"INGEST_INVALID","message":"no"}}' };
    try {
      const c = io(dir);
      const code = await runCli(["simulate", "--devices", "4", "--url", peer.url, "--tokens", "tokens.json", "--speed", "3600", "--duration", "1s"], c.io);
      expect(code).toBe(5);
      expect(c.out()).toMatch(/rejected\s+400 INGEST_INVALID ×\d+/);
      expect(c.err()).toContain("SIM_READINGS_REJECTED");
    } finally {
      peer.fallback = { status: 201 };
    }
  });

  it("names the issue of a rejection, and says what to do about readings older than the server's retention", async () => {
    peer.fallback = {
      status: 400,
      body: '{"success":false,"error":{"code":"INGEST_INVALID","message":"no","issues":[{"code":"too_old","path":"timestamp","message":"old"}]}}',
    };
    try {
      const c = io(dir);
      const code = await runCli(["simulate", "--devices", "2", "--url", peer.url, "--tokens", "tokens.json", "--backfill", "1h"], c.io);
      expect(code).toBe(5);
      expect(c.out()).toMatch(/rejected\s+400 INGEST_INVALID \(too_old\) ×\d+/);
      expect(c.err()).toContain("--retention");
    } finally {
      peer.fallback = { status: 201 };
    }
  });

  it("backfills with a small --buffer without dropping anything, exit 0", async () => {
    const c = io(dir);
    const code = await runCli(
      ["simulate", "--devices", "4", "--url", peer.url, "--tokens", "tokens.json", "--backfill", "1d", "--buffer", "100", "--json"],
      c.io,
    );
    expect(code, c.err()).toBe(0);
    const report = JSON.parse(c.out()) as { generated: number; sent: number; acknowledged: number; dropped: number };
    expect(report.generated).toBeGreaterThan(5000);
    expect(report).toMatchObject({ dropped: 0, sent: report.generated, acknowledged: report.generated });
  });

  it("exits 6 with SIM_UNDELIVERED when live readings were dropped for a full buffer", async () => {
    const c = io(dir);
    const code = await runCli(
      [
        "simulate",
        "--devices",
        "4",
        "--url",
        peer.url,
        "--tokens",
        "tokens.json",
        "--speed",
        "7200",
        "--duration",
        "1s",
        "--buffer",
        "1",
        "--concurrency",
        "1",
      ],
      c.io,
    );
    expect(code, c.err()).toBe(6);
    expect(c.out()).toMatch(/dropped\s+[1-9][\d,]* \(buffer full; raise --buffer\)/);
    expect(c.err()).toMatch(/readings were dropped because a device's buffer was full.*\[SIM_UNDELIVERED\]/);
  });

  it("refuses bad options with exit 2 and a message naming the flag", async () => {
    const cases: [string[], string][] = [
      [["--devices", "4", "--tokens", "tokens.json"], "--url"],
      [["--url", peer.url, "--devices", "4"], "--provision"],
      [["--url", peer.url, "--tokens", "tokens.json", "--interval", "1s"], "interval"],
      [["--url", peer.url, "--tokens", "tokens.json", "--speed", "0"], "--speed"],
      [["--url", peer.url, "--tokens", "tokens.json", "--mix", "co2=1"], "--mix"],
      [["--url", peer.url, "--tokens", "missing.json"], "tokens file"],
      [["--url", peer.url, "--tokens", "tokens.json", "--devices", "5"], "No token for simulated device"],
      [["--url", "notaurl", "--tokens", "tokens.json"], '--url must be the server\'s http(s) base URL, e.g. --url http://localhost:8080; got "notaurl"'],
      [["--url", "ftp://example.com", "--tokens", "tokens.json"], "--url must start with http:// or https://"],
      [["--url", peer.url, "--tokens", "tokens.json", "--timeout", "0s"], "--timeout must be from 1ms to 600s"],
      [["--url", peer.url, "--tokens", "tokens.json", "--linger", "2h"], "--linger must be from 0s to 3600s"],
      [["--url", peer.url, "--tokens", "tokens.json", "--faults-out", "no-such-dir/faults.jsonl"], "Cannot write --faults-out"],
    ];
    const sentBefore = peer.received.length;
    for (const [args, text] of cases) {
      const c = io(dir);
      expect(await runCli(["simulate", "--duration", "10s", ...args], c.io), `${args.join(" ")}: ${c.err()}`).toBe(2);
      expect(c.err()).toContain(text);
      expect(c.err()).not.toContain("INTERNAL");
      expect(c.err()).not.toMatch(/timeoutMs|lingerMs/);
      expect(c.out()).toBe("");
    }
    expect(peer.received.length).toBe(sentBefore); // refused before any run: nothing was sent
  });

  it("refuses a live run with --speed above 1 that would outrun the server's one-day-ahead limit, before sending anything", async () => {
    const cases: [string[], string[]][] = [
      [
        ["--speed", "60"],
        ["--speed 60 without --duration", "after about 24 min", "Give --duration"],
      ],
      [
        ["--speed", "2", "--start", "2020-01-01T00:00:00Z"],
        ["--speed 2 without --duration", "Give --duration"],
      ],
      [
        ["--speed", "3600", "--duration", "1h", "--start", new Date(Date.now() - 3_600_000).toISOString()],
        ["more than a day past now", "leave --start out"],
      ],
    ];
    for (const [args, texts] of cases) {
      const c = io(dir);
      const sentBefore = peer.received.length;
      expect(await runCli(["simulate", "--devices", "4", "--url", peer.url, "--tokens", "tokens.json", ...args], c.io), c.err()).toBe(2);
      for (const text of texts) expect(c.err()).toContain(text);
      expect(c.err()).toContain("[CLI_BAD_FLAG]");
      expect(peer.received.length).toBe(sentBefore);
    }
  });

  it("checks --faults-out before the run: IO_UNWRITABLE at once, not after it", async () => {
    const c = io(dir);
    const sentBefore = peer.received.length;
    const code = await runCli(
      ["simulate", "--devices", "4", "--url", peer.url, "--tokens", "tokens.json", "--duration", "10s", "--faults-out", "/proc/mimic-faults.jsonl"],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.err()).toMatch(/Cannot write --faults-out \/proc\/mimic-faults.jsonl \(\w+\).*\[IO_UNWRITABLE\]/);
    expect(peer.received.length).toBe(sentBefore); // checked before the run: nothing was sent
  });
});
