// The two baselines every detector here is judged beside, in the same run:
// - the seed's "anomaly detection": drop the lowest 1% of each field's readings;
// - a windowed Gaussian z-score, the Numenta Anomaly Benchmark's standard baseline: each reading
//   against the mean and standard deviation of the previous `window` readings of its device.
// Neither names a kind; consecutive flagged readings make one event.
import type { DetectSeries } from "./detect-series.js";
import type { DetectedEvent } from "./types.js";

function eventsOfFlags(s: DetectSeries, flags: Uint8Array, evidence: string, scores: Float64Array): DetectedEvent[] {
  const out: DetectedEvent[] = [];
  for (let i = 0; i < flags.length; i++) {
    if (!flags[i]) continue;
    let j = i;
    let score = scores[i]!;
    while (j + 1 < flags.length && flags[j + 1]) score = Math.max(score, scores[++j]!);
    out.push({
      device: s.device,
      sensor: s.sensor,
      kind: "spike",
      first: i,
      last: j,
      start: s.times[i]!,
      end: s.times[j]!,
      detectedAt: s.times[i]!,
      detectedIndex: i,
      score,
      evidence,
    });
    i = j;
  }
  return out;
}

/** The seed's rule: the lowest `share` of each field's values, per device. */
export function lowestShareBaseline(s: DetectSeries, share = 0.01): DetectedEvent[] {
  const n = s.times.length;
  const flags = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (const values of [s.temperature, s.humidity]) {
    if (values === undefined || n === 0) continue;
    const sorted = Float64Array.from(values).sort();
    const cut = sorted[Math.floor(share * (n - 1))]!;
    for (let i = 0; i < n; i++) if (values[i]! < cut) flags[i] = 1;
  }
  return eventsOfFlags(s, flags, `among the lowest ${share * 100}% of the device's values`, scores);
}

/** NAB's windowed Gaussian: |x − mean| > z × std of the previous `window` readings. */
export function windowedGaussianBaseline(s: DetectSeries, window = 6400, z = 4): DetectedEvent[] {
  const n = s.times.length;
  const flags = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (const values of [s.temperature, s.humidity]) {
    if (values === undefined) continue;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      const m = Math.min(i, window);
      if (m >= 30) {
        const mean = sum / m;
        const sd = Math.sqrt(Math.max(sq / m - mean * mean, 1e-12));
        const score = Math.abs(x - mean) / sd;
        if (score > z) {
          flags[i] = 1;
          scores[i] = Math.max(scores[i]!, score);
        }
      }
      sum += x;
      sq += x * x;
      if (i >= window) {
        const old = values[i - window]!;
        sum -= old;
        sq -= old * old;
      }
    }
  }
  return eventsOfFlags(s, flags, `beyond ${z} standard deviations of the previous ${window} readings`, scores);
}
