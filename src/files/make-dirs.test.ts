import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeDirsSync } from "./make-dirs.js";

const root = mkdtempSync(join(tmpdir(), "mimic-dirs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("makeDirsSync", () => {
  it("creates missing parents, and leaves an existing folder as it is", () => {
    const dir = join(root, "a", "b", "c");
    makeDirsSync(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    writeFileSync(join(dir, "kept"), "x");
    makeDirsSync(dir);
    expect(statSync(join(dir, "kept")).isFile()).toBe(true);
  });

  it("throws what mkdir -p throws for a file in the way", () => {
    writeFileSync(join(root, "file"), "x");
    expect(() => makeDirsSync(join(root, "file"))).toThrow(expect.objectContaining({ code: "EEXIST" }));
    expect(() => makeDirsSync(join(root, "file", "sub"))).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
  });
});
