// End to end: the real `mimic serve` process with the embedded defaults (SQLite + in-process bus).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedBooleanJsonBody, seedBooleanProtobuf, seedDhtProtobuf, seedJsonBody } from "../../src/protocol/test-support/seed-payloads.js";
import { addDevice, mimic, rawPost, startServe, type ServeProcess } from "./serve-process.js";

const now = () => Math.floor(Date.now() / 1000);

describe("mimic serve (embedded)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-e2e-"));
  let server: ServeProcess;
  let token: string;
  beforeAll(async () => {
    token = addDevice(dir, "rp829c7e0e");
    server = await startServe(["--data-dir", dir, "--rate-limit", "1000,1000"]);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the token once and keeps only its hash", () => {
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const listed = mimic(["devices", "list", "--data-dir", dir]);
    expect(listed.stdout).toMatch(/rp829c7e0e\s+DHT22\s+active/);
    // Neither the token nor its signature is anywhere in the data dir (database, WAL, secret file).
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .map((f) => join(dir, f))
      .filter((f) => statSync(f).isFile());
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(readFileSync(file).includes(token.split(".")[2]!), file).toBe(false);
  });

  it("accepts exactly the bytes of the seed's JSON and protobuf scripts", async () => {
    // Half past the hour before this one: recent, and both readings (t, t + 15.25) in one hour bucket.
    const t = Math.floor(now() / 3600) * 3600 - 1800;
    const json = await rawPost(
      server.port,
      "/v1/telemetry",
      { "Content-Type": "application/json; charset=utf-8", Authorization: `Bearer ${token}` },
      seedJsonBody("rp829c7e0e", `${t}.476025`),
    );
    expect(json).toMatchObject({ status: 201 });
    expect(JSON.parse(json.body)).toMatchObject({ success: true });
    const pb = await rawPost(
      server.port,
      "/v1/telemetry/dht",
      { "Content-Type": "application/x-protobuf", Authorization: `Bearer ${token}` },
      seedDhtProtobuf("rp829c7e0e", t + 15.25, 18.5, 60.2),
    );
    expect(pb.status).toBe(201);
    const q = await fetch(`${server.url}/v1/readings?device=rp829c7e0e&type=DHT22&from=${t - 1}&to=${t + 20}`, { headers: { authorization: server.read } });
    const body = (await q.json()) as { readings: { timestamp: number; temperature: number }[] };
    expect(body.readings).toEqual([
      { device: "rp829c7e0e", type: "DHT22", timestamp: t + 0.476025, temperature: 17.1, humidity: 68.1 },
      { device: "rp829c7e0e", type: "DHT22", timestamp: t + 15.25, temperature: 18.5, humidity: 60.2 },
    ]);
    const csv = mimic([
      "query",
      "--data-dir",
      dir,
      "--device",
      "rp829c7e0e",
      "--type",
      "DHT22",
      "--from",
      String(t - 1),
      "--to",
      String(t + 20),
      "--format",
      "csv",
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split("\r\n")).toHaveLength(3);
    expect(csv.stderr).toContain("mimic: 2 readings");
    const one = mimic([
      "query",
      "--data-dir",
      dir,
      "--device",
      "rp829c7e0e",
      "--type",
      "DHT22",
      "--from",
      String(t - 1),
      "--to",
      String(t + 20),
      "--bucket",
      "3600",
    ]);
    expect(one.stderr).toContain("mimic: 1 bucket\n");
  });

  it("runs the seed's deployment: the DHT22, PIR and light scripts of one Pi, one device id and one token", async () => {
    // `devices add` with no --sensors registers what the seed's Pi carries: all three sensors.
    const added = mimic(["devices", "add", "rp59adf374", "--data-dir", dir]);
    expect(added.code, added.stderr).toBe(0);
    const pi = added.stdout.trim();
    expect(mimic(["devices", "list", "--data-dir", dir]).stdout).toMatch(/rp59adf374\s+DHT22,PIR,LIGHT\s+active/);
    // The scripts' environment: JWT is the whole header value, one URL per endpoint.
    const jwt = { Authorization: `Bearer ${pi}` };
    const json = { ...jwt, "Content-Type": "application/json" };
    const pb = { ...jwt, "Content-Type": "application/x-protobuf" };
    const t = now() - 60;
    const sent: [string, Record<string, string>, Buffer][] = [
      ["/v1/telemetry", json, seedJsonBody("rp59adf374", `${t}.25`, "17.1", "68.1")],
      ["/v1/telemetry", json, seedBooleanJsonBody("PIR", "rp59adf374", `${t + 1}.5`)],
      ["/v1/telemetry", json, seedBooleanJsonBody("LIGHT", "rp59adf374", `${t + 2}.75`)],
      ["/v1/telemetry/dht", pb, seedDhtProtobuf("rp59adf374", t + 3.25, 18.5, 60.2)],
      ["/v1/telemetry/pir", pb, seedBooleanProtobuf("PIR", "rp59adf374", t + 4.5)],
      ["/v1/telemetry/light", pb, seedBooleanProtobuf("LIGHT", "rp59adf374", t + 5.75)],
    ];
    for (const [path, headers, body] of sent) {
      const res = await rawPost(server.port, path, headers, body);
      expect([path, res.status, res.body]).toEqual([path, 201, expect.stringContaining('"success":true')]);
    }
    const q = await fetch(`${server.url}/v1/readings?device=rp59adf374&from=${t - 1}&to=${t + 10}`, { headers: { authorization: server.read } });
    expect(((await q.json()) as { readings: unknown[] }).readings).toEqual([
      { device: "rp59adf374", type: "DHT22", timestamp: t + 0.25, temperature: 17.1, humidity: 68.1 },
      { device: "rp59adf374", type: "PIR", timestamp: t + 1.5, motion: true },
      { device: "rp59adf374", type: "LIGHT", timestamp: t + 2.75, light: true },
      { device: "rp59adf374", type: "DHT22", timestamp: t + 3.25, temperature: 18.5, humidity: 60.2 },
      { device: "rp59adf374", type: "PIR", timestamp: t + 4.5, motion: true },
      { device: "rp59adf374", type: "LIGHT", timestamp: t + 5.75, light: true },
    ]);
    // One sensor of the device, as the notebooks query it (`Onyehn_PIR`), by type or by sensor.
    for (const filter of ["type=Onyehn_PIR", "sensor=PIR"]) {
      const one = await fetch(`${server.url}/v1/readings?device=rp59adf374&${filter}&from=${t - 1}&to=${t + 10}`, { headers: { authorization: server.read } });
      expect(
        ((await one.json()) as { readings: { timestamp: number }[] }).readings.map((r) => r.timestamp),
        filter,
      ).toEqual([t + 1.5, t + 4.5]);
    }
    const cli = mimic([
      "query",
      "--data-dir",
      dir,
      "--device",
      "rp59adf374",
      "--sensor",
      "LIGHT",
      "--from",
      String(t - 1),
      "--to",
      String(t + 10),
      "--format",
      "csv",
    ]);
    expect(cli.stdout.trim().split("\r\n").slice(1)).toEqual([`rp59adf374,LIGHT,${t + 2.75},true`, `rp59adf374,LIGHT,${t + 5.75},true`]);
  });

  it("answers every error status with the documented JSON body", async () => {
    const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const cases: [string, Record<string, string>, Buffer, number, string][] = [
      ["/v1/telemetry", auth, Buffer.from("{oops"), 400, "INGEST_MALFORMED"],
      [
        "/v1/telemetry",
        auth,
        Buffer.from(JSON.stringify({ device: "rp829c7e0e", type: "DHT22", timestamp: now(), data: { temperature: 20, humidity: 101 } })),
        400,
        "INGEST_INVALID",
      ],
      ["/v1/telemetry", { "Content-Type": "application/json", Authorization: "Bearer" }, seedJsonBody(), 401, "AUTH_MALFORMED"],
      ["/v1/telemetry", { "Content-Type": "application/json" }, seedJsonBody(), 401, "AUTH_MISSING"],
      // Dated now: the seed's own 2019 timestamp is older than the retention window (400 too_old).
      ["/v1/telemetry", auth, seedJsonBody("another-device", String(now())), 403, "AUTH_DEVICE_MISMATCH"],
      ["/v2/telemetry", auth, seedJsonBody(), 404, "INGEST_NOT_FOUND"],
      ["/v1/telemetry/pir", { ...auth, "Content-Type": "application/x-protobuf" }, Buffer.alloc(100_000, 1), 413, "INGEST_TOO_LARGE"],
      ["/v1/telemetry/pir", { ...auth, "Content-Type": "text/csv" }, seedBooleanProtobuf("PIR", "rp829c7e0e", now()), 415, "INGEST_UNSUPPORTED_MEDIA_TYPE"],
    ];
    for (const [path, headers, body, status, code] of cases) {
      const res = await rawPost(server.port, path, headers, body);
      expect([path, res.status]).toEqual([path, status]);
      expect(JSON.parse(res.body)).toMatchObject({ success: false, error: { code } });
    }
  });

  it("refuses a revoked device within 5 seconds", async () => {
    const other = addDevice(dir, "rp-revoke");
    const send = (i: number) =>
      rawPost(
        server.port,
        "/v1/telemetry",
        { "Content-Type": "application/json", Authorization: `Bearer ${other}` },
        seedJsonBody("rp-revoke", String(now() - 100 + i / 1000)),
      );
    expect((await send(0)).status).toBe(201);
    expect(mimic(["devices", "revoke", "rp-revoke", "--data-dir", dir]).code).toBe(0);
    // Revocation counts from the revoke to the sending of the first refused request.
    const revokedAt = Date.now();
    let status = 201;
    let sentAt = revokedAt;
    for (let i = 1; status === 201 && Date.now() - revokedAt < 10_000; i++) {
      sentAt = Date.now();
      status = (await send(i)).status;
      if (status === 201) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect(sentAt - revokedAt).toBeLessThanOrEqual(5000);
  });

  it("reads only with a credential: the printed URL's token, a read token (revoked within 5 seconds); never a device token", async () => {
    const q = `${server.url}/v1/readings?from=${now() - 3600}`;
    expect((await fetch(q)).status).toBe(401);
    expect((await fetch(q, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    expect((await fetch(q, { headers: { authorization: server.read } })).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: server.read } })).status).toBe(200);
    expect(server.stdout()).toMatch(/to read, open http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+\.[\w-]+\.[\w-]+\n/);
    const added = mimic(["tokens", "add", "--read", "--name", "notebook", "--data-dir", dir]);
    expect(added.code, added.stderr).toBe(0);
    const read = `Bearer ${added.stdout.trim()}`;
    expect((await fetch(q, { headers: { authorization: read } })).status).toBe(200);
    expect(mimic(["tokens", "list", "--data-dir", dir]).stdout).toMatch(/notebook\s+read\s+active/);
    expect(mimic(["tokens", "revoke", "notebook", "--data-dir", dir]).code).toBe(0);
    const revokedAt = Date.now();
    let status = 200;
    let sentAt = revokedAt;
    while (status === 200 && Date.now() - revokedAt < 10_000) {
      sentAt = Date.now();
      status = (await fetch(q, { headers: { authorization: read } })).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect(sentAt - revokedAt).toBeLessThanOrEqual(5000);
  });

  it("warns at start-up about --no-read-auth, and about a non-loopback address without TLS", async () => {
    const openDir = mkdtempSync(join(tmpdir(), "mimic-open-"));
    const open = await startServe(["--data-dir", openDir, "--no-read-auth", "--host", "0.0.0.0"]);
    try {
      expect(open.stderr()).toContain("mimic: warning: --no-read-auth: anyone who can reach this port reads");
      expect(open.stderr()).toContain("mimic: warning: listening on 0.0.0.0 without TLS");
      expect(open.stdout()).not.toContain("to read, open");
      expect((await fetch(`${open.url}/v1/readings?from=${now() - 60}`)).status).toBe(200);
    } finally {
      await open.stop();
      rmSync(openDir, { recursive: true, force: true });
    }
    expect(server.stderr()).not.toContain("warning");
  });

  it("refuses start-up with invalid configuration, with a clear message", () => {
    const r = mimic(["serve", "--port", "99999", "--bus", "kafka://x", "--data-dir", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--port: must be a whole number from 0 to 65535");
    expect(r.stderr).toContain("--bus: must be nats://host:4222");
    expect(r.stderr).not.toContain("    at ");
  });
});

describe("mimic serve and devices with an unusable --data-dir", () => {
  const root = mkdtempSync(join(tmpdir(), "mimic-datadir-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Runs `mimic <args>` as an unprivileged user (root would bypass the permissions under test). */
  const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  function asUser(args: readonly string[]): { code: number | null; stderr: string } {
    const r = spawnSync(process.execPath, ["dist/main.js", ...args], { ...user, encoding: "utf8", timeout: 20_000 });
    return { code: r.status, stderr: r.stderr };
  }
  // That user must be able to read the checkout: a clone under a private folder (mktemp -d is
  // 0700) is out of its reach, and then only the cases that need no other user are run.
  const userCanRun =
    spawnSync(process.execPath, ["-e", "require('fs').accessSync(process.argv[1])", join(process.cwd(), "dist", "main.js")], { ...user }).status === 0;
  if (!userCanRun) console.warn("skipping the unprivileged-user data-dir cases: uid 65534 cannot read this checkout (a private parent folder)");

  it("answers IO_UNWRITABLE, exit 2, naming the folder: a file, a read-only folder, an unwritable parent, /sys, /proc", () => {
    writeFileSync(join(root, "plain-file"), "x");
    mkdirSync(join(root, "locked"), { mode: 0o555 });
    chmodSync(join(root, "locked"), 0o555);
    // A data dir that worked, then became read-only (its secret and store exist).
    const existing = join(root, "existing");
    mkdirSync(existing);
    expect(mimic(["devices", "add", "rp0", "--type", "DHT22", "--data-dir", existing]).code).toBe(0);
    chmodSync(root, 0o755);
    for (const f of readdirSync(existing)) chmodSync(join(existing, f), 0o644);
    chmodSync(existing, 0o555);
    const cases: [string, string[], { code: number | null; stderr: string }][] = [
      [join(root, "plain-file"), ["file, not a folder"], mimic(["serve", "--port", "0", "--data-dir", join(root, "plain-file")])],
      [join(root, "plain-file"), ["file, not a folder"], mimic(["devices", "add", "rp1", "--type", "DHT22", "--data-dir", join(root, "plain-file")])],
    ];
    if (userCanRun) {
      cases.push(
        [join(root, "locked", "sub"), ["EACCES", "permissions"], asUser(["serve", "--port", "0", "--data-dir", join(root, "locked", "sub")])],
        [existing, ["EACCES", "permissions"], asUser(["serve", "--port", "0", "--data-dir", existing])],
        [existing, ["EACCES", "permissions"], asUser(["devices", "list", "--data-dir", existing])],
      );
    }
    if (process.platform === "linux") {
      cases.push(["/sys/mimic-test", ["EPERM"], mimic(["serve", "--port", "0", "--data-dir", "/sys/mimic-test"])]);
      // procfs answers ENOENT under /proc, where Node's recursive mkdir used to spin for ever.
      cases.push(["/proc/mimic-test", ["ENOENT"], mimic(["serve", "--port", "0", "--data-dir", "/proc/mimic-test"])]);
      cases.push(["/proc/mimic-test", ["ENOENT"], mimic(["devices", "add", "rp1", "--type", "DHT22", "--data-dir", "/proc/mimic-test"])]);
    }
    for (const [path, words, r] of cases) {
      expect(r.stderr, path).toContain(`Cannot use the data dir ${path}`);
      expect(r.stderr, path).toContain("[IO_UNWRITABLE]");
      expect(r.stderr, path).toContain("--data-dir");
      for (const w of words) expect(r.stderr, path).toContain(w);
      expect(r.code, `${path}: ${r.stderr}`).toBe(2);
    }
  });
});

describe("mimic serve back-pressure", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-e2e-bp-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("answers 429 past a device's rate and 503 past the queue bound, both with Retry-After", async () => {
    const token = addDevice(dir, "rp-busy");
    const server = await startServe(["--data-dir", dir, "--rate-limit", "1,1", "--max-queue", "1"]);
    try {
      const send = (i: number) =>
        fetch(`${server.url}/v1/telemetry`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: seedJsonBody("rp-busy", String(now() - 1000 + i)),
        });
      expect((await send(0)).status).toBe(201);
      const limited = await send(1);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("INGEST_RATE_LIMITED");
    } finally {
      await server.stop();
    }
    // Forty readings at once against a queue bound of one reading: some must be turned away.
    const busy = await startServe(["--data-dir", dir, "--rate-limit", "0", "--max-queue", "1"]);
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          fetch(`${busy.url}/v1/telemetry`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: seedJsonBody("rp-busy", String(now() - 500 + i)),
          }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
      const refused = answers.find((a) => a.status === 503);
      expect(refused).toBeDefined();
      expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe("INGEST_UNAVAILABLE");
    } finally {
      await busy.stop();
    }
  });
});
