import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../telemetry/adapters/store-sqlite/index.js";
import { verifyDeviceToken } from "../telemetry/auth/tokens.js";
import { runCli } from "./run-cli.js";

async function run(dir: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await runCli(["devices", ...argv, "--data-dir", dir], { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, cwd: dir, signal: new AbortController().signal });
  return { code, out, err };
}

describe("mimic devices (in process)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-devices-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses an --expires or --overlap out of range with CLI_BAD_FLAG before changing anything", async () => {
    for (const expires of ["99999999d", "0s"]) {
      const r = await run(dir, "add", "x", "--type", "DHT22", "--expires", expires);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/--expires must be from 1s to 36500d.*\[CLI_BAD_FLAG\]/);
      expect(r.out).toBe("");
    }
    // Nothing was created: the data dir still holds no store.
    const listed = await run(dir, "list", "--json");
    expect(listed.code).toBe(2);
    expect(listed.err).toContain("[STORE_NOT_FOUND]");

    const added = await run(dir, "add", "y", "--type", "DHT22");
    expect(added.code, added.err).toBe(0);
    for (const args of [["--overlap", "99999999d"], ["--expires", "99999999d"]]) {
      const r = await run(dir, "rotate", "y", ...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(`${args[0]} must be from`);
      expect(r.err).toContain("[CLI_BAD_FLAG]");
      expect(r.out).toBe("");
    }
    // The first token is still the only one, and still not revoked.
    const secret = new Uint8Array(Buffer.from(readFileSync(join(dir, "token-secret"), "utf8").trim(), "base64url"));
    const { tokenHash } = await verifyDeviceToken(secret, added.out.trim(), Date.now());
    const store = await openSqliteStore({ path: join(dir, "mimic.db"), thread: "inline" });
    try {
      expect((await store.findToken(tokenHash))?.revokedAt).toBeNull();
    } finally {
      await store.close();
    }
  });

  it("list, revoke and rotate on a mistyped --data-dir fail with STORE_NOT_FOUND naming the path, creating nothing", async () => {
    const typo = join(dir, "typo");
    for (const args of [["list"], ["list", "--json"], ["revoke", "x"], ["rotate", "x"]]) {
      const r = await run(typo, ...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(`No mimic store at ${join(typo, "mimic.db")}`);
      expect(r.err).toContain(`the data dir ${typo} does not exist`);
      expect(r.err).toContain(`mimic serve --data-dir ${typo}`);
      expect(r.err).toContain("[STORE_NOT_FOUND]");
      expect(r.out).toBe("");
      expect(existsSync(typo)).toBe(false);
    }
    const added = await run(typo, "add", "z", "--type", "PIR");
    expect(added.code, added.err).toBe(0);
    expect(JSON.parse((await run(typo, "list", "--json")).out)).toMatchObject([{ id: "z", sensors: ["PIR"] }]);
  });

  it("add/rotate with --store and no --data-dir or MIMIC_TOKEN_SECRET fail with CONFIG_INVALID and create no ./mimic-data", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "mimic-devices-cwd-"));
    try {
      for (const argv of [["add", "pgdev", "--type", "DHT22"], ["rotate", "pgdev"]]) {
        let err = "";
        const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
        const code = await runCli(["devices", ...argv, "--store", "postgres://postgres@127.0.0.1:1/none"], { stdout: sink(() => undefined), stderr: sink((s) => (err += s)), env: {}, cwd, signal: new AbortController().signal });
        expect(code, err).toBe(2);
        expect(err).toContain("[CONFIG_INVALID]");
        expect(err).toContain("pass --data-dir <dir>");
        expect(err).toContain("MIMIC_TOKEN_SECRET");
        expect(existsSync(join(cwd, "mimic-data"))).toBe(false);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
