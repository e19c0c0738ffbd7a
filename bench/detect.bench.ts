// Offline detection speed (issue 18; target ≥ 1,000,000 readings/s on one core). A simulated fleet
// of DHT22 devices with faults at 3× the default rates, then, interleaved in the same run:
//   A. every detector of `mimic detect` over each device's series (detectSeries);
//   B. baseline: the windowed Gaussian z-score of the Numenta benchmark (two fields, one pass).
// Prints readings/s of each and the ratio A/B: the machine is shared, so the ratio is what counts.
// Run: npm run bench -- detect   (MIMIC_BENCH_DEVICES, MIMIC_BENCH_DAYS to change 10 × 7)
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

function rate(run: () => number): number {
  const t0 = performance.now();
  let sink = 0;
  for (let k = 0; k < series.length; k++) sink += run();
  const ms = performance.now() - t0;
  if (sink < 0) console.log(sink); // keeps the work observable
  return (readings / ms) * 1000;
}

const detect: number[] = [];
const gaussian: number[] = [];
for (let round = 0; round < 7; round++) {
  let i = 0;
  detect.push(rate(() => detectSeries(series[i++ % series.length]!, DEFAULT_DETECT).events.length));
  i = 0;
  gaussian.push(rate(() => windowedGaussianBaseline(series[i++ % series.length]!).length));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const a = median(detect);
const b = median(gaussian);
const fmt = (x: number): string => x.toLocaleString("en-US", { maximumFractionDigits: 0 });
console.log(`${DEVICES} DHT22 × ${DAYS} days, faults ×3: ${fmt(readings)} readings; medians of 7 interleaved rounds (the first warms the JIT)`);
console.log(
  `  A. mimic detect, every detector       ${fmt(a).padStart(12)} readings/s  ${a >= 1_000_000 ? "(target ≥ 1,000,000: met)" : "(target ≥ 1,000,000: NOT met)"}`,
);
console.log(`  B. windowed Gaussian z-score (NAB)    ${fmt(b).padStart(12)} readings/s`);
console.log(`  A / B = ${(a / b).toFixed(2)}`);
