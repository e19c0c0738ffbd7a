// Every command against docs/cli.md's conventions that can be checked from outside: help with
// usage and examples, "did you mean" for a mistyped flag, exit code 2 with a stable code, the one
// default seed, and --out's format refused when it lies.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "./commands.js";
import { DEFAULT_SEED } from "./internal/seed.js";
import { runCli } from "./run-cli.js";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await runCli(args, {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
    cwd: "/nonexistent-mimic-cwd",
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

const RANDOM_COMMANDS = ["generate", "sample", "evaluate", "simulate", "demo"];

describe("every command follows docs/cli.md", () => {
  for (const name of Object.keys(COMMANDS)) {
    describe(name, () => {
      it("has help with usage, options and examples", async () => {
        const r = await run([name, "--help"]);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/^Usage: mimic /);
        expect(r.out).toMatch(/\nExamples:\n {2}(\w+=\$\()?mimic /);
      });

      it("answers a mistyped flag with the accepted one, exit 2 and CLI_BAD_FLAG", async () => {
        const help = (await run([name, "--help"])).out;
        // The first long flag the help lists, with its last letter dropped.
        const flag = /--([a-z][a-z-]{3,})/.exec(help.slice(help.indexOf("\n")))?.[1];
        expect(flag, "a flag in the help").toBeDefined();
        const r = await run([name, `--${flag!.slice(0, -1)}`, "x"]);
        expect(r.code).toBe(2);
        expect(r.err).toContain(`Did you mean --${flag}?`);
        expect(r.err).toContain("[CLI_BAD_FLAG]");
        expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      });
    });
  }

  it(`gives --seed one default, ${DEFAULT_SEED}, in every command that draws at random`, async () => {
    for (const name of RANDOM_COMMANDS) {
      const help = (await run([name, "--help"])).out;
      expect(help, name).toMatch(new RegExp(`--seed[^\\n]*default ${DEFAULT_SEED}\\b`));
    }
  });

  it("refuses an --out whose name says another format than --format, or one mimic does not write", async () => {
    const mismatch = await run(["generate", "coffee-sales", "--rows", "5", "--format", "parquet", "--out", "out.csv"]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.err).toContain("name the file out.parquet");
    const unknown = await run(["sample", "model.json", "--rows", "5", "--out", "x.xlsx"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("mimic does not write .xlsx files");
  });
});
