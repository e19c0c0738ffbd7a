import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MimicError } from "../errors/index.js";
import { reportError, runCli } from "./run-cli.js";

function captured(): { io: Parameters<typeof runCli>[1]; err: () => string } {
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  return { io: { stdout: sink(() => undefined), stderr: sink((s) => (err += s)), env: {}, cwd: "/", signal: new AbortController().signal }, err: () => err };
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("reportError", () => {
  it("prints each problem of a bad dataset option once, with the exit code of bad input", async () => {
    const { io, err } = captured();
    const code = await runCli(["generate", "coffee-sales", "--rows", "1", "--start-date", "2023-13-01", "--stores", "0"], io);
    expect(code).toBe(2);
    expect(count(err(), "--start-date must be a date")).toBe(1);
    expect(count(err(), "--stores must be a whole number")).toBe(1);
    expect(err()).toContain("[DATASET_OPTION_INVALID]");
  });

  it("lists every issue whose text the message does not already hold", () => {
    const { io, err } = captured();
    const issues = [
      { code: "required", path: "tables.t.columns.a.kind", message: "kind is required" },
      { code: "invalid_value", path: "tables.t.columns.b.mean", message: "mean must be a number" },
    ];
    // A message that names the first problem (as SCHEMA_INVALID does) still gets the whole list.
    reportError(new MimicError("SCHEMA_INVALID", "the schema has 2 problems. First: tables.t.columns.a.kind: kind is required", { issues }), io);
    expect(err().split("\n").filter((l) => l.startsWith("  - "))).toEqual([
      "  - tables.t.columns.a.kind: kind is required (required)",
      "  - tables.t.columns.b.mean: mean must be a number (invalid_value)",
    ]);
  });

  it("says a single schema problem once, with a did-you-mean, and names a mistyped dataset's likely name", async () => {
    const { io, err } = captured();
    expect(await runCli(["generate", "coffe-sales"], io)).toBe(2);
    expect(err()).toContain('There is no built-in dataset "coffe-sales"; did you mean "coffee-sales"?');
    const single = captured();
    reportError(new MimicError("SCHEMA_INVALID", "the schema has a problem and nothing was generated: tables.t.columns.a.kind: kind is required", { issues: [{ code: "required", path: "tables.t.columns.a.kind", message: "kind is required" }] }), single.io);
    expect(single.err().split("\n").filter((l) => l !== "")).toEqual(["mimic: the schema has a problem and nothing was generated: tables.t.columns.a.kind: kind is required [SCHEMA_INVALID]"]);
  });

  it("never prints a stack for an unexpected error unless MIMIC_DEBUG is set", () => {
    const { io, err } = captured();
    expect(reportError(new TypeError("boom"), io)).toBe(1);
    expect(err()).toContain("[INTERNAL]");
    expect(err()).not.toContain("TypeError");
  });

  it("suggests the command closest to a mistyped one", async () => {
    const { io, err } = captured();
    expect(await runCli(["genrate", "coffee-sales"], io)).toBe(2);
    expect(err()).toContain('"genrate" is not a mimic command; did you mean "generate"?');
  });
});
