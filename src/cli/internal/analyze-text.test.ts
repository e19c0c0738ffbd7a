import { describe, expect, it } from "vitest";
import { analyze, renderAnalysisReport } from "../../analytics/index.js";
import { formatAnalysisText } from "./analyze-text.js";

const T0 = 1_557_619_200;

describe("analyze output says how the quartiles were found", () => {
  const times = Float64Array.from({ length: 5000 }, (_, i) => T0 + 25 * i);
  const temperature = Float64Array.from({ length: 5000 }, (_, i) => 17 + ((i * 7919) % 5000) / 4999);
  const series = [{ device: "rp1", type: "DHT22", times, fields: { temperature } }];

  it("exact: no mark, 'quartiles exact' in the closing line", () => {
    const text = formatAnalysisText(analyze(series));
    expect(text).toContain("quartiles exact (pandas' linear interpolation)");
    expect(text).not.toContain("temperature (°C)*");
  });

  it("sketched: the row is marked * and the closing line and the report state the rank error", () => {
    const a = analyze(series, { quantiles: { distinct: 50, exact: 500 } });
    const text = formatAnalysisText(a);
    expect(text).toContain("temperature (°C)*");
    expect(text).toContain("quartiles marked * come from a KLL sketch");
    expect(text).toContain("rank error ≤ 1 % of the count");
    expect(renderAnalysisReport(a)).toContain("come from a KLL sketch");
  });
});
