import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

async function run(dir: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await runCli(["tokens", ...argv, "--data-dir", dir], { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, cwd: dir, signal: new AbortController().signal });
  return { code, out, err };
}

describe("mimic tokens (in process)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-tokens-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("adds read and metrics tokens (printed once), lists them by name and scope, revokes by name", async () => {
    const read = await run(dir, "add", "--read", "--name", "grafana");
    expect(read.code, read.err).toBe(0);
    expect(read.out.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await run(dir, "add", "--metrics", "--name", "prometheus", "--expires", "30d")).code).toBe(0);
    const dup = await run(dir, "add", "--read", "--name", "grafana");
    expect([dup.code, dup.err]).toEqual([2, expect.stringContaining("[STORE_TOKEN_EXISTS]")]);
    const listed = JSON.parse((await run(dir, "list", "--json")).out) as { name: string; scope: string; status: string }[];
    expect(listed.map((t) => [t.name, t.scope, t.status])).toEqual([["grafana", "read", "active"], ["prometheus", "metrics", "active"]]);
    expect((await run(dir, "list")).out).not.toContain(read.out.trim());
    expect((await run(dir, "revoke", "grafana")).code).toBe(0);
    expect((await run(dir, "list")).out).toMatch(/grafana\s+read\s+revoked/);
    const missing = await run(dir, "revoke", "nope");
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining("[STORE_TOKEN_NOT_FOUND]")]);
  });

  it("refuses an add that does not say what the token reads, or a bad name, before creating anything", async () => {
    const fresh = join(dir, "fresh");
    for (const args of [["add"], ["add", "--read", "--metrics"], ["add", "--read", "--name", "has space"]]) {
      const r = await run(fresh, ...args);
      expect(r.code, r.err).toBe(2);
      expect(r.out).toBe("");
    }
    expect((await run(fresh, "list")).err).toContain("[STORE_NOT_FOUND]");
  });
});
