// The live dashboard's memory (issue 19): 20 devices each posting one DHT22 reading a second to
// a real `mimic serve`, while headless Chromium keeps two live pages open — the Fleet page (every
// reading of every device through /v1/live) and one Device page (its device's readings appended
// to the panels). After a forced garbage collection, each page's JS heap at the end of the first
// minute is the baseline (same run); the target is ≤ 20% growth past it by the end.
// Run: npm run bench -- dashboard-heap   (MIMIC_BENCH_MINUTES, default 10)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";

const MINUTES = Number(process.env["MIMIC_BENCH_MINUTES"] ?? 10);
const DEVICES = 20;
const MAIN = join(import.meta.dirname, "..", "dist", "main.js");
const CHROMIUM = "/usr/bin/chromium";
const dir = mkdtempSync(join(tmpdir(), "mimic-heap-bench-"));

if (!existsSync(CHROMIUM)) {
  console.log(`skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
  process.exit(0);
}

const ids = Array.from({ length: DEVICES }, (_, i) => `heap-${String(i).padStart(2, "0")}`);
const tokens = ids.map((id) => {
  const r = spawnSync(process.execPath, [MAIN, "devices", "add", id, "--data-dir", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
});
const child = spawn(process.execPath, [MAIN, "serve", "--port", "0", "--data-dir", dir, "--log-level", "warn"], { stdio: ["ignore", "pipe", "inherit"] });
let out = "";
const readUrl = await new Promise<URL>((resolve, reject) => {
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    const m = /to read, open (\S+)\n/.exec(out);
    if (m) resolve(new URL(m[1]!));
  });
  child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
});
const origin = readUrl.origin;

let posted = 0;
let failed = 0;
const poster = setInterval(() => {
  const ts = Date.now() / 1000;
  ids.forEach((id, k) => {
    const body = JSON.stringify({ device: id, type: "DHT22", timestamp: ts, data: { temperature: 20 + k / 10 + Math.sin(ts / 60), humidity: 45 } });
    fetch(`${origin}/v1/telemetry`, { method: "POST", headers: { authorization: `Bearer ${tokens[k]}`, "content-type": "application/json" }, body }).then(
      (res) => (res.status === 201 ? posted++ : failed++),
      () => failed++,
    );
  });
}, 1000);

/** JS heap in use after a full garbage collection, MiB. */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  await cdp.detach();
  return usedSize / 2 ** 20;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const fleet = await context.newPage();
  await fleet.goto(readUrl.toString());
  await fleet.locator(`#fleet-table tr[data-device="${ids[0]}"]`).waitFor();
  const device = await context.newPage();
  await device.goto(`${origin}/dashboard/#/device/${ids[0]}`);
  await device.locator('body[data-drawn="1"]').waitFor({ state: "attached" });
  const samples: { minute: number; fleet: number; device: number; points: string | null }[] = [];
  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise((r) => setTimeout(r, 60_000));
    samples.push({
      minute,
      fleet: await heapAfterGc(fleet),
      device: await heapAfterGc(device),
      points: await device.locator("#panel-temperature").getAttribute("data-points"),
    });
    const s = samples.at(-1)!;
    console.log(
      `minute ${minute}: fleet page ${s.fleet.toFixed(2)} MiB, device page ${s.device.toFixed(2)} MiB (${s.points} points drawn); ${posted} readings posted, ${failed} failed`,
    );
  }
  const first = samples[0]!;
  const last = samples.at(-1)!;
  console.log(
    `growth past the first minute over ${MINUTES} min: fleet page ×${(last.fleet / first.fleet).toFixed(3)}, device page ×${(last.device / first.device).toFixed(3)} (target ≤ ×1.20)`,
  );
} finally {
  clearInterval(poster);
  await browser.close();
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
}
