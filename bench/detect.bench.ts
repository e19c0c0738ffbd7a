// Offline detection speed (issue 18; target ≥ 1,000,000 readings/s on one core). A simulated fleet
// of DHT22 devices with faults at 3× the default rates, then, interleaved in the same run:
//   A. every detector of `mimic detect` over each device's series (detectSeries);
//   B. baseline: the windowed Gaussian z-score of the Numenta benchmark (two fields, one pass).
// Prints readings per second of this process's CPU time (what one core does, however busy the
// shared machine is; wall-clock rates beside it) and the ratio A/B from the same run.
// Run: npm run bench -- detect   (MIMIC_BENCH_DEVICES, MIMIC_BENCH_DAYS to change 10 × 7)
import { cpus, loadavg } from "node:os";
import { DEFAULT_DETECT, detectSeries, windowedGaussianBaseline, type DetectSeries } from "../src/analytics/detect/index.js";
import { DEFAULT_DHT_CADENCE, DEFAULT_FAULT_RATES, FAULT_KINDS, Fleet, type FaultKind } from "../src/sensors/index.js";

const DEVICES = Number(process.env["MIMIC_BENCH_DEVICES"] ?? 10);
const DAYS = Number(process.env["MIMIC_BENCH_DAYS"] ?? 7);
const start = Date.UTC(2019, 4, 8);
const rates = Object.fromEntries(FAULT_KINDS.map((k) => [k, DEFAULT_FAULT_RATES[k] * 3])) as Record<FaultKind, number>;
const fleet = new Fleet({ seed: 7, devices: DEVICES, mix: { DHT22: 1 }, start, cadence: { ...DEFAULT_DHT_CADENCE, jitter: "seed" }, faultRates: rates });
const cols = new Map<string, { t: number[]; te: number[]; hu: number[] }>();
fleet.runUntil(start + DAYS * 86_400_000, (r) => {
  let c = cols.get(r.device);
  if (!c) cols.set(r.device, (c = { t: [], te: [], hu: [] }));
  const d = r.data as { temperature: number; humidity: number };
  c.t.push(r.timestamp);
  c.te.push(d.temperature);
  c.hu.push(d.humidity);
});
const series: DetectSeries[] = [...cols].map(([device, c]) => ({
  device,
  sensor: "DHT22",
  times: Float64Array.from(c.t),
  temperature: Float64Array.from(c.te),
  humidity: Float64Array.from(c.hu),
}));
const readings = series.reduce((n, s) => n + s.times.length, 0);

/** Readings per CPU second and per wall second of one pass over every series. */
function rate(run: () => number): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let sink = 0;
  for (let k = 0; k < series.length; k++) sink += run();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (sink < 0) console.log(sink); // keeps the work observable
  return { cpu: readings / ((c.user + c.system) / 1e6), wall: (readings / ms) * 1000 };
}

const detect: { cpu: number; wall: number }[] = [];
const gaussian: { cpu: number; wall: number }[] = [];
for (let round = 0; round < 7; round++) {
  let i = 0;
  detect.push(rate(() => detectSeries(series[i++ % series.length]!, DEFAULT_DETECT).events.length));
  i = 0;
  gaussian.push(rate(() => windowedGaussianBaseline(series[i++ % series.length]!).length));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const a = median(detect.map((r) => r.cpu));
const b = median(gaussian.map((r) => r.cpu));
const fmt = (x: number): string => x.toLocaleString("en-US", { maximumFractionDigits: 0 });
const verdict = a >= 1_000_000 ? "(target ≥ 1,000,000 on one core: met)" : "(target ≥ 1,000,000 on one core: NOT met)";
console.log(`${DEVICES} DHT22 × ${DAYS} days, faults ×3: ${fmt(readings)} readings; medians of 7 interleaved rounds (the first warms the JIT)`);
console.log(`                                        per CPU second   per wall second`);
console.log(`  A. mimic detect, every detector       ${fmt(a).padStart(12)}   ${fmt(median(detect.map((r) => r.wall))).padStart(14)}  ${verdict}`);
console.log(`  B. windowed Gaussian z-score (NAB)    ${fmt(b).padStart(12)}   ${fmt(median(gaussian.map((r) => r.wall))).padStart(14)}`);
console.log(`  A / B = ${(a / b).toFixed(2)} (CPU time); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
