// The README runs as written, top to bottom, in one shell, as a newcomer would run it in a fresh
// clone: every ```bash block in order, in a scratch folder that holds the built CLI as the clone
// does. What the test changes, and why, is all here:
//   - the first block's `npm ci && ` and `npm test` are left out (installing and testing is what
//     runs this test);
//   - a block right after `<!-- readme-test: skip (reason) -->` is not run (the reason says which
//     test covers it instead);
//   - long runs are shortened: `--duration X` becomes 3s and `--backfill X` 2h, and `mimic demo`,
//     which runs until Ctrl-C, gets `--duration 3s`.
import { spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";

const README = readFileSync("README.md", "utf8");
const scratch = mkdtempSync(join(tmpdir(), "mimic-readme-"));
afterAll(() => {
  // A failed run may leave a server it started: stop it by the PID it printed.
  for (const log of ["serve.log"]) {
    const text = existsSync(join(scratch, "clone", log)) ? readFileSync(join(scratch, "clone", log), "utf8") : "";
    for (const m of text.matchAll(/\(pid (\d+);/g)) {
      try {
        process.kill(Number(m[1]));
      } catch {
        // Already stopped.
      }
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** The shell blocks the README asks a reader to run, in order, as the test runs them. */
export function runnableBlocks(readme: string): string[] {
  const blocks: string[] = [];
  for (const m of readme.matchAll(/(<!-- readme-test: skip[^>]*-->\n)?```bash\n([\s\S]*?)```/g)) {
    if (m[1] !== undefined) continue;
    let block = m[2]!;
    if (blocks.length === 0) block = block.replace(/^npm ci && /m, "").replace(/^npm test\b.*$/m, "");
    block = block.replace(/--duration \S+/g, "--duration 3s").replace(/--backfill \S+/g, "--backfill 2h");
    blocks.push(block.replace(/\bmimic demo\b(?![^\n#]*--duration)/g, "mimic demo --duration 3s"));
  }
  return blocks;
}

/** The environment of a newcomer: none of mimic's own variables set. */
function withoutMimicSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MIMIC_")));
}

const portFree = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), done(false)));
    socket.once("error", () => done(true));
  });

describe("the README", () => {
  it("holds the schema it says docs/examples/orders.yaml holds", () => {
    const block = /This is `docs\/examples\/orders\.yaml`:\n\n```yaml\n([\s\S]*?)```/.exec(README)?.[1];
    expect(block).toBeDefined();
    expect(parse(block!)).toEqual(parse(readFileSync("docs/examples/orders.yaml", "utf8")));
  });

  it("runs top to bottom in one shell and leaves nothing running", async () => {
    expect(await portFree(8080), "port 8080 must be free for the README's server").toBe(true);
    // The scratch folder is a copy of this checkout's files as they are now (what git tracks or
    // would track) with its build; `npx mimic` runs that copy's own package, as in a clone. Only
    // node_modules is shared, read-only in effect. (dist/ is copied, not linked: npx may run the
    // package's prepare script, which must not rebuild this checkout's dist/ from elsewhere.)
    const dir = join(scratch, "clone");
    const files = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { encoding: "utf8" })
      .stdout.split("\0")
      .filter((f) => f !== "" && existsSync(f));
    for (const file of files) cpSync(file, join(dir, file), { recursive: true });
    cpSync("dist", join(dir, "dist"), { recursive: true });
    symlinkSync(resolve("node_modules"), join(dir, "node_modules"));
    const script = ["set -euo pipefail", ...runnableBlocks(README)].join("\n");
    writeFileSync(join(scratch, "readme.sh"), script);
    // Output to a file, not a pipe: the README prints 100,000 JSON lines to stdout on purpose.
    const log = join(scratch, "readme.log");
    const fd = openSync(log, "w");
    const r = spawnSync("bash", [join(scratch, "readme.sh")], { cwd: dir, stdio: ["ignore", fd, fd], timeout: 600_000, env: withoutMimicSettings() });
    closeSync(fd);
    expect(r.status, readFileSync(log, "utf8").slice(-4000)).toBe(0);
    expect(await portFree(8080), "the README stops the servers it starts").toBe(true);
  }, 660_000);
});
