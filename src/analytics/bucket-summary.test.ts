import { describe, expect, it } from "vitest";
import { summarizeBuckets } from "./bucket-summary.js";
import { localClock } from "./local-time.js";
import { momentsOf, standardDeviation } from "../numeric/index.js";

describe("summaries from per-bucket moments", () => {
  it("merges buckets to the moments of every reading (Chan), by hour and by day", () => {
    // Buckets of 20, 22, 27 (mean 23, M2 26) at 00:00, 30 (M2 0) at 01:00, 10, 11 (M2 0.5) the next day.
    const day = 86_400;
    const buckets = [
      { device: "rp1", type: "DHT22", bucket: 0, count: 3, fields: { temperature: { mean: 23, min: 20, max: 27, m2: 26 } } },
      { device: "rp1", type: "DHT22", bucket: 3600, count: 1, fields: { temperature: { mean: 30, min: 30, max: 30, m2: 0 } } },
      { device: "rp1", type: "DHT22", bucket: day, count: 2, fields: { temperature: { mean: 10.5, min: 10, max: 11, m2: 0.5 } } },
    ];
    const [d] = summarizeBuckets(buckets, localClock("UTC"), false);
    const t = d!.fields["temperature"]!;
    const all = momentsOf([20, 22, 27, 30, 10, 11]);
    expect(t.count).toBe(6);
    expect(Math.abs(t.mean - 20) / 20).toBeLessThan(1e-12);
    expect(Math.abs(t.std - standardDeviation(all)) / standardDeviation(all)).toBeLessThan(1e-12); // √(334/5)
    expect([t.min, t.max]).toEqual([10, 30]);
    expect(t.hourly[0]).toMatchObject({ count: 5 });
    expect(t.hourly[0]!.mean).toBeCloseTo((20 + 22 + 27 + 10 + 11) / 5, 12);
    expect(t.hourly[1]).toMatchObject({ count: 1, mean: 30 });
    expect(t.days.map((x) => [x.date, x.count])).toEqual([["1970-01-01", 4], ["1970-01-02", 2]]);
    expect(t.days[1]!.change).toBeCloseTo(10.5 - 24.75, 12);
    // °F: mean 20 °C → 68 °F, std × 1.8.
    const f = summarizeBuckets(buckets, localClock("UTC"), true)[0]!.fields["temperature"]!;
    expect(f.mean).toBeCloseTo(68, 12);
    expect(Math.abs(f.std - 1.8 * standardDeviation(all)) / f.std).toBeLessThan(1e-12);
    expect(f.min).toBeCloseTo(50, 12);
  });
});
