// The package installs and runs outside this repository: `npm pack` makes the tarball a user
// would get, which is installed into an empty folder and run as a user runs it.
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "mimic-pack-"));
const app = join(dir, "app");
const bin = join(app, "node_modules", ".bin", "mimic");
const run = (args: string[]): SpawnSyncReturns<string> => spawnSync(bin, args, { cwd: app, encoding: "utf8", timeout: 60_000 });

beforeAll(() => {
  // --ignore-scripts: dist/ is already built by `npm test`'s pretest (the tarball takes it as it is).
  const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { encoding: "utf8" });
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
  expect(tarball).toMatch(/^mimic-data-\d+\.\d+\.\d+\.tgz$/);
  spawnSync("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "uses-mimic", private: true, type: "module" }));
  // From the npm registry as a user would, preferring the local cache; the SQLite addon is built
  // from source (no prebuilt binary can be downloaded here).
  const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, tarball)], {
    cwd: app,
    encoding: "utf8",
    env: { ...process.env, npm_config_build_from_source: "true" },
    timeout: 600_000,
  });
  expect(install.status, install.stderr).toBe(0);
}, 660_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the packed tarball, installed into an empty folder", () => {
  it("runs mimic --help and --version", () => {
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/mimic generate/);
    expect(run(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("generates coffee-sales", () => {
    const r = run(["generate", "coffee-sales", "--rows", "10", "--out", "-"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/transaction_id/);
  });

  it("serves telemetry and answers /healthz", async () => {
    expect.assertions(2);
    const child = spawn(bin, ["serve", "--port", "0", "--data-dir", join(dir, "data")], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
        createInterface({ input: child.stdout }).on("line", (line) => {
          const m = /serving on (http:\/\/\S+)/.exec(line);
          if (m) resolve(m[1]!);
        });
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("can be imported by its entries", () => {
    const code = `import { generate, dataset, fit, evaluate } from "mimic-data"; import { buildApp } from "mimic-data/telemetry"; import { DeviceClient } from "mimic-data/device";
console.log([generate, dataset, fit, evaluate, buildApp, DeviceClient].map((f) => typeof f).join(","));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: app, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("function,function,function,function,function,function");
  });
});
