// The worked evaluation of docs/detect.md: a simulated fleet with labelled faults, every reading in
// the order it was taken, the detectors and both baselines scored event-wise on the same readings.
//   node --import tsx bench/detect-eval.ts --seeds 1,2,3 [--devices 20] [--days 28] [--faults 3] [--arrival]
// --arrival gives the detectors each reading's arrival time (when it could leave the device);
// without it they see device time and values only, as from a file. The fleet is the one of
// `mimic generate iot --devices 20 --mix dht22 --days 28 --faults 3 --seed N` (same options, same
// readings), and --faults-out DIR writes its faults as DIR/faults-N.jsonl, so
// `mimic detect --in fleet.csv --score faults-N.jsonl` reproduces the first scorecard.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_DETECT,
  detectSeries,
  lowestShareBaseline,
  scoreEvents,
  windowedGaussianBaseline,
  type DetectedEvent,
  type DetectSeries,
  type Scorecard,
  type TruthSeries,
} from "../src/analytics/detect/index.js";
import { DEFAULT_DHT_CADENCE, DEFAULT_FAULT_RATES, FAULT_KINDS, Fleet, type FaultKind } from "../src/sensors/index.js";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1,2,3" },
    devices: { type: "string", default: "20" },
    days: { type: "string", default: "28" },
    faults: { type: "string", default: "3" },
    arrival: { type: "boolean", default: false },
    "faults-out": { type: "string" },
  },
});
const seeds = values.seeds.split(",").map(Number);
const devices = Number(values.devices);
const days = Number(values.days);
const multiplier = Number(values.faults);
const start = Date.UTC(2019, 4, 8);
const KINDS: readonly FaultKind[] = FAULT_KINDS;

interface Collected {
  series: DetectSeries[];
  truth: TruthSeries[];
}

function simulate(seed: number, faults: number): { data: Collected; faults: ReturnType<Fleet["faults"]["slice"]> } {
  const rates = Object.fromEntries(KINDS.map((k) => [k, DEFAULT_FAULT_RATES[k] * faults])) as Record<FaultKind, number>;
  const fleet = new Fleet({ seed, devices, mix: { DHT22: 1 }, start, cadence: { ...DEFAULT_DHT_CADENCE, jitter: "seed" }, faultRates: rates });
  const dir = values["faults-out"];
  const cols = new Map<string, { t: number[]; te: number[]; hu: number[]; tr: number[]; ar: number[]; lb: string[] }>();
  fleet.runUntil(start + days * 86_400_000, (r) => {
    let c = cols.get(r.device);
    if (!c) cols.set(r.device, (c = { t: [], te: [], hu: [], tr: [], ar: [], lb: [] }));
    const d = r.data as { temperature: number; humidity: number };
    c.t.push(r.timestamp);
    c.te.push(d.temperature);
    c.hu.push(d.humidity);
    c.tr.push(r.trueTime);
    c.ar.push(Math.max(r.deliverAt, r.trueTime) / 1000);
    c.lb.push(r.fault);
  });
  const series: DetectSeries[] = [];
  const truth: TruthSeries[] = [];
  for (const [device, c] of [...cols].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const times = Float64Array.from(c.t);
    // Readings held in an outage arrive when it ends, so arrival order differs from taking order.
    series.push({
      device,
      sensor: "DHT22",
      times,
      temperature: Float64Array.from(c.te),
      humidity: Float64Array.from(c.hu),
      ...(values.arrival ? { arrival: Float64Array.from(c.ar) } : {}),
    });
    truth.push({ device, truth: Float64Array.from(c.tr), stamps: times, labels: c.lb });
  }
  if (dir !== undefined && faults > 0) writeFileSync(join(dir, `faults-${seed}.jsonl`), fleet.faults.map((f) => JSON.stringify(f)).join("\n") + "\n");
  return { data: { series, truth }, faults: fleet.faults.slice() };
}

const pct = (x: number): string => (Number.isNaN(x) ? "   –" : x.toFixed(2).padStart(4));
const mins = (x: number): string => (Number.isNaN(x) ? "–" : (x / 60).toFixed(1));

function print(title: string, card: Scorecard, anyKind: boolean): void {
  console.log(`  ${title}: ${card.events} events, false alarms ${card.falseAlarms} (${card.falseAlarmsPerDeviceWeek.toFixed(2)} per device-week)`);
  for (const k of card.kinds) {
    if (k.faults === 0 && k.events === 0) continue;
    const head = `    ${k.kind.padEnd(15)} faults ${String(k.faults).padStart(4)}${k.unjudgeable ? ` (+${k.unjudgeable} without readings)` : ""}  found ${String(k.found).padStart(4)}`;
    console.log(
      anyKind
        ? `${head}  recall ${pct(k.recall)}`
        : `${head}  events ${String(k.events).padStart(4)}  P ${pct(k.precision)}  R ${pct(k.recall)}  F1 ${pct(k.f1)}  median delay ${mins(k.medianDelay)} min`,
    );
  }
}

for (const seed of seeds) {
  for (const faults of [multiplier, 0]) {
    const began = performance.now();
    const { data, faults: records } = simulate(seed, faults);
    const simulated = performance.now();
    const ours: DetectedEvent[] = [];
    const lowest: DetectedEvent[] = [];
    const gaussian: DetectedEvent[] = [];
    let readings = 0;
    const t0 = performance.now();
    for (const s of data.series) {
      ours.push(...detectSeries(s, DEFAULT_DETECT).events);
      readings += s.times.length;
    }
    const t1 = performance.now();
    for (const s of data.series) {
      lowest.push(...lowestShareBaseline(s));
      gaussian.push(...windowedGaussianBaseline(s));
    }
    const truthFaults = records.map((f) => ({ device: f.device, kind: f.kind, start: f.start, end: f.end }));
    const kinds = [...KINDS, "range"];
    console.log(
      `\nseed ${seed}, ${devices} DHT22 × ${days} days, --faults ${faults}: ${readings.toLocaleString("en-US")} readings, ${records.length} faults` +
        ` (simulated in ${((simulated - began) / 1000).toFixed(1)} s; detected at ${((readings / (t1 - t0)) * 1000).toLocaleString("en-US", { maximumFractionDigits: 0 })} readings/s)`,
    );
    print("mimic detect", scoreEvents(data.truth, truthFaults, ours, kinds), false);
    print("baseline: drop the lowest 1%", scoreEvents(data.truth, truthFaults, lowest, KINDS, true), true);
    print("baseline: windowed Gaussian (6400 readings, |z| > 4)", scoreEvents(data.truth, truthFaults, gaussian, KINDS, true), true);
  }
}
