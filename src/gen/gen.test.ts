// The committed generated code must be exactly what `npm run gen` makes from proto/ (the
// `git diff --exit-code` check, done in a temporary folder so the tree is never touched).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

describe("src/gen", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-gen-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is current with proto/ (run `npm run gen` after editing a .proto file)", () => {
    execFileSync(process.execPath, ["scripts/gen-proto.mjs", dir], { stdio: "pipe" });
    const fresh = readdirSync(join(dir, "src", "gen")).filter((f) => f.endsWith("_pb.ts")).sort();
    const committed = readdirSync("src/gen").filter((f) => f.endsWith("_pb.ts")).sort();
    expect(committed).toEqual(fresh);
    for (const file of fresh) {
      expect(readFileSync(join("src/gen", file), "utf8"), file).toBe(readFileSync(join(dir, "src", "gen", file), "utf8"));
    }
  });
});
