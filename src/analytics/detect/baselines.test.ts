import { describe, expect, it } from "vitest";
import { lowestShareBaseline, windowedGaussianBaseline } from "./baselines.js";
import type { DetectSeries } from "./detect-series.js";

function series(temperature: number[]): DetectSeries {
  return {
    device: "d",
    sensor: "DHT22",
    times: Float64Array.from(temperature, (_, i) => i * 30),
    temperature: Float64Array.from(temperature),
    humidity: Float64Array.from(temperature, () => 50),
  };
}

describe("baselines", () => {
  it("the seed's rule flags the lowest 1% of a field, consecutive readings as one event", () => {
    // 1000 readings 20.0…29.99, the ten lowest first: one event over readings 0–8 (below the 1% cut).
    const s = series(Array.from({ length: 1000 }, (_, i) => 20 + i / 100));
    const events = lowestShareBaseline(s);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ first: 0, last: 8 });
  });

  it("the windowed Gaussian flags a reading beyond 4 standard deviations of the window before it", () => {
    const values = Array.from({ length: 500 }, (_, i) => 20 + (i % 2 === 0 ? 0.1 : -0.1));
    values[300] = 25;
    const events = windowedGaussianBaseline(series(values), 200, 4);
    expect(events.map((e) => [e.first, e.last])).toEqual([[300, 300]]);
  });
});
