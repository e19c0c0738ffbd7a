// The dashboard's speed targets (issue 19), in headless Chromium with the Performance API, against
// a real `mimic serve` holding 20 devices × 7 days (the seed's layout, ~800,000 readings, made by
// `mimic simulate --backfill 7d --provision`):
//   A. navigation to a device page: its /v1/series request (Resource Timing, request start to
//      response end; target ≤ 150 ms) and the four panels drawn (the page's mark, ms after
//      navigation start; target ≤ 500 ms);
//   B. the 7-day range on the same page: /v1/series for the week, and asked → drawn;
//   C. baseline, same run: the week's raw DHT22 readings of the same device through /v1/readings,
//      fetched by the same page (what drawing without server-side reduction would need first);
//   D. the week's reduction both ways, fetched by the page in alternating order: /v1/series (one
//      bucketed query per sensor kind, columnar answer) against /v1/readings?bucket= with the same
//      columns (one GROUP BY over every kind, the plan /v1/series had before, but answered as rows
//      of objects, ~3× the bytes: D's ratio counts that encoding too; `npm run bench --
//      series-reduce` compares the store's work alone).
// Prints medians of ROUNDS and the ratios B/C and D. Run: npm run bench -- dashboard
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const ROUNDS = Number(process.env["MIMIC_BENCH_ROUNDS"] ?? 7);
const MAIN = join(import.meta.dirname, "..", "dist", "main.js");
const CHROMIUM = "/usr/bin/chromium";
const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "mimic-dash-bench-"));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function startServe(): Promise<{ url: string; token: string; stop: () => void }> {
  const child = spawn(process.execPath, [MAIN, "serve", "--port", "0", "--data-dir", dir, "--rate-limit", "0", "--log-level", "warn"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /to read, open (\S+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const u = new URL(url);
  return { url: u.origin, token: u.searchParams.get("token")!, stop: () => child.kill("SIGTERM") };
}

if (!existsSync(CHROMIUM)) {
  console.log(`skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
  process.exit(0);
}
const server = await startServe();
try {
  const loadStart = performance.now();
  const sim = spawnSync(
    process.execPath,
    [MAIN, "simulate", "--url", server.url, "--layout", "seed", "--devices", "20", "--backfill", "7d", "--provision", "--data-dir", dir, "--seed", "19"],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  if (sim.status !== 0) throw new Error(`simulate failed: ${sim.stderr}`);
  const auth = { authorization: `Bearer ${server.token}` };
  const fleet = (await (await fetch(`${server.url}/v1/devices`, { headers: auth })).json()) as { devices: { id: string }[] };
  const stored = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
  const readings = Number(/mimic_readings_stored_total (\d+)/.exec(stored)?.[1]);
  console.log(`stored ${readings.toLocaleString()} readings of ${fleet.devices.length} devices in ${((performance.now() - loadStart) / 1000).toFixed(0)} s`);
  const device = fleet.devices[0]!.id;

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/?token=${server.token}`);
  const nav: { request: number; drawn: number; script: number; asked: number }[] = [];
  const week: { request: number; drawn: number; raw: number; perKind: number; oneQuery: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // A fresh document each round: the timings are from its navigation start.
    await page.goto("about:blank");
    await page.goto(`${server.url}/dashboard/#/device/${encodeURIComponent(device)}`);
    await page.locator('body[data-drawn="1"]').waitFor({ state: "attached", timeout: 60_000 });
    nav.push(
      await page.evaluate<{ request: number; drawn: number; script: number; asked: number }>(`(() => {
        const r = performance.getEntriesByType("resource").find((e) => e.name.includes("/v1/series"));
        const script = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/app.js"));
        return {
          request: r.responseEnd - r.requestStart,
          drawn: performance.getEntriesByName("mimic:panels-drawn")[0].startTime,
          script: script.responseEnd,
          asked: performance.getEntriesByName("mimic:series-asked")[0].startTime,
        };
      })()`),
    );
    await page.click("button[data-range='7d']");
    await page.locator('body[data-drawn="2"]').waitFor({ state: "attached", timeout: 60_000 });
    const to = Math.floor(Date.now() / 1000);
    week.push(
      await page.evaluate<{ request: number; drawn: number; raw: number; perKind: number; oneQuery: number }>(`(async () => {
        const series = performance.getEntriesByType("resource").filter((e) => e.name.includes("/v1/series")).at(-1);
        const asked = performance.getEntriesByName("mimic:series-asked").at(-1).startTime;
        const drawn = performance.getEntriesByName("mimic:series-drawn").at(-1).startTime;
        const timed = async (url, enough) => {
          const t0 = performance.now();
          const res = await fetch(url);
          const body = await res.json();
          if (!res.ok || !enough(body)) throw new Error(url + ": " + res.status + " " + JSON.stringify(body).slice(0, 200));
          return performance.now() - t0;
        };
        const raw = await timed("/v1/readings?device=${encodeURIComponent(device)}&type=DHT22&from=${to - 7 * 86_400}&to=${to}", (b) => b.readings.length >= 1000);
        const shown = new URL(series.name).searchParams;
        const bucket = Math.max(1, Math.ceil((shown.get("to") - shown.get("from")) / shown.get("width")));
        const perKindUrl = series.name;
        const oneQueryUrl = "/v1/readings?device=${encodeURIComponent(device)}&from=" + shown.get("from") + "&to=" + shown.get("to") + "&bucket=" + bucket;
        const perKindFirst = ${round % 2 === 0};
        const a = await timed(perKindFirst ? perKindUrl : oneQueryUrl, () => true);
        const b = await timed(perKindFirst ? oneQueryUrl : perKindUrl, () => true);
        return { request: series.responseEnd - series.requestStart, drawn: drawn - asked, raw, perKind: perKindFirst ? a : b, oneQuery: perKindFirst ? b : a };
      })()`),
    );
  }
  await browser.close();
  const m = (xs: number[]): string => `${median(xs).toFixed(0)} ms`;
  console.log(
    `A. navigation to the device page (1 h): /v1/series ${m(nav.map((x) => x.request))} (target ≤ 150), panels drawn ${m(nav.map((x) => x.drawn))} after navigation (target ≤ 500)`,
  );
  console.log(`   of which: app.js loaded at ${m(nav.map((x) => x.script))}, /v1/series asked at ${m(nav.map((x) => x.asked))} after navigation`);
  console.log(`B. 7-day range: /v1/series ${m(week.map((x) => x.request))}, asked → drawn ${m(week.map((x) => x.drawn))}`);
  console.log(`C. baseline: the week's raw DHT22 readings through /v1/readings ${m(week.map((x) => x.raw))}`);
  console.log(
    `ratio B/C (series request / raw readings): ${(median(week.map((x) => x.request)) / median(week.map((x) => x.raw))).toFixed(3)}  (medians of ${ROUNDS} rounds)`,
  );
  console.log(
    `D. the week reduced, fetched by the page: /v1/series (a query per kind) ${m(week.map((x) => x.perKind))}, one GROUP BY over every kind ${m(week.map((x) => x.oneQuery))}; ratio ${(median(week.map((x) => x.perKind)) / median(week.map((x) => x.oneQuery))).toFixed(3)} (target for /v1/series: ≤ 150 ms)`,
  );
  console.log(
    `per round: ${JSON.stringify({ nav: nav.map((n) => ({ request: Math.round(n.request), drawn: Math.round(n.drawn) })), week: week.map((w) => ({ request: Math.round(w.request), drawn: Math.round(w.drawn), raw: Math.round(w.raw), perKind: Math.round(w.perKind), oneQuery: Math.round(w.oneQuery) })) })}`,
  );
} finally {
  server.stop();
  // serve holds the store open until it exits: give it a moment before removing its files.
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(dir, { recursive: true, force: true });
}
