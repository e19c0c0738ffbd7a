import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { analyze } from "./analyze.js";
import { KLL_RANK_ERROR } from "./kll-sketch.js";
import { quantileSorted } from "./quantiles.js";
import { ReorderBuffer, type ReadingSink } from "./reorder-buffer.js";
import { StreamingAnalysis } from "./streaming-analysis.js";

const T0 = 1_557_619_200;

/** Three DHT22 devices a day long at ~25 s, on a tenth-of-a-degree grid, with a gap in rp2. */
function fleet(): { device: string; times: Float64Array; temperature: Float64Array; humidity: Float64Array }[] {
  const r = createRandom("fleet");
  return ["rp1", "rp2", "rp3"].map((device, k) => {
    const times: number[] = [];
    for (let t = T0 + k * 7; t < T0 + 86_400; t += 24 + r.next() * 2) if (!(device === "rp2" && t > T0 + 30_000 && t < T0 + 33_000)) times.push(t);
    return {
      device,
      times: Float64Array.from(times),
      temperature: Float64Array.from(times, (t) => Math.round(10 * (17 + k + Math.sin((t - T0) / 9000) + (r.next() - 0.5))) / 10),
      humidity: Float64Array.from(times, () => Math.round(10 * (50 + 5 * r.next())) / 10),
    };
  });
}

describe("StreamingAnalysis", () => {
  it("gives the same analysis for a fleet streamed interleaved, with clock jitter, as analyze() over sorted arrays", () => {
    const devices = fleet();
    const whole = analyze(
      devices.map((d) => ({ device: d.device, type: "DHT22", times: d.times, fields: { temperature: d.temperature, humidity: d.humidity } })),
      { timeZone: "America/New_York", fahrenheit: true },
    );
    // All readings in one time-ordered stream, then each device's swapped in pairs (a clock that jitters).
    const rows = devices.flatMap((d) => Array.from(d.times, (t, i) => ({ d: d.device, t, x: d.temperature[i]!, h: d.humidity[i]! })));
    rows.sort((a, b) => a.t - b.t);
    for (let i = 0; i + 4 < rows.length; i += 97) [rows[i], rows[i + 4]] = [rows[i + 4]!, rows[i]!];
    const stream = new StreamingAnalysis({ timeZone: "America/New_York", fahrenheit: true });
    for (const r of rows) stream.series(r.d, "DHT22", ["temperature", "humidity"]).push(r.t, r.x, r.h, Number.NaN, Number.NaN);
    const streamed = stream.finish();
    expect(streamed).toEqual(whole);
    // And describe() is pandas': quartiles exact on the sorted values, in °F.
    const f = Float64Array.from(devices[0]!.temperature, (c) => (c * 9) / 5 + 32).sort();
    const d = streamed.devices[0]!.fields["temperature"]!.describe;
    expect([d.q25, d.q50, d.q75]).toEqual([0.25, 0.5, 0.75].map((p) => quantileSorted(f, p)));
    expect(d.quartiles).toEqual({ method: "exact" });
    expect(streamed.devices[1]!.uptime!.gapCount).toBe(1);
  });

  it("says when quartiles come from the sketch, and keeps them within its rank error", () => {
    const r = createRandom("sketch");
    const n = 20_000;
    const times = Float64Array.from({ length: n }, (_, i) => T0 + i);
    const temperature = Float64Array.from({ length: n }, () => 17 + r.next());
    const a = analyze([{ device: "rp1", type: "DHT22", times, fields: { temperature } }], { quantiles: { distinct: 100, exact: 1000 } });
    const d = a.devices[0]!.fields["temperature"]!.describe;
    expect(d.quartiles).toEqual({ method: "sketch", rankError: KLL_RANK_ERROR });
    expect(d.count).toBe(n);
    const sorted = Float64Array.from(temperature).sort();
    for (const [p, q] of [
      [0.25, d.q25],
      [0.5, d.q50],
      [0.75, d.q75],
    ] as const) {
      const rank = sorted.findIndex((x) => x >= q);
      expect(Math.abs(rank - p * (n - 1)) / n, `p ${p}`).toBeLessThan(KLL_RANK_ERROR);
    }
    // Under the limits, the same data is exact.
    expect(analyze([{ device: "rp1", type: "DHT22", times, fields: { temperature } }]).devices[0]!.fields["temperature"]!.describe.quartiles).toEqual({
      method: "exact",
    });
  });
});

describe("ReorderBuffer", () => {
  it("puts readings displaced by less than half the buffer in time order, and counts later ones as late", () => {
    const out: number[] = [];
    const sink: ReadingSink = { push: (t) => void out.push(t) };
    const buffer = new ReorderBuffer(sink, 8);
    for (const t of [1, 2, 5, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 0, 14]) buffer.push(t, 0, 0, 0, 0);
    buffer.drain();
    expect(out.filter((t) => t !== 0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(buffer.late).toBe(1);
  });
});
