import { afterAll, describe, expect, it } from "vitest";
import { readCsvTable } from "../model/index.js";
import { tempDir } from "../model/test-support/temp-csv.js";
import { evaluateTables } from "./evaluate.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

describe("honest pair trends and category bars", () => {
  it("reports pairs with a near-unique category apart and never lets them meet the threshold", async () => {
    // `code` has a value per two rows: Cramér's V with `group` is 1 in the real table whatever the data.
    const rows = (shift: number): string =>
      "code,group,n\n" + Array.from({ length: 200 }, (_, i) => `c${(i + shift) % 100},${["a", "b", "c"][i % 3]},${i % 7}`).join("\n") + "\n";
    const real = await readCsvTable(tmp.file("real.csv", rows(0)));
    const synthetic = await readCsvTable(tmp.file("synth.csv", rows(17)));
    const e = evaluateTables(real, synthetic);
    const withCode = e.quality.pairs.filter((p) => p.columns.includes("code"));
    expect(withCode.length).toBeGreaterThan(0);
    for (const p of withCode) {
      expect(p.nearUnique).toBe("code");
      expect(p.meetsThreshold).toBe(false);
    }
    expect(e.quality.pairs.find((p) => !p.columns.includes("code"))?.nearUnique).toBeUndefined();
  });

  it("shows missing values as their own bar, shares then of all rows", async () => {
    const real = await readCsvTable(
      tmp.file("r.csv", "colour,n\n" + Array.from({ length: 100 }, (_, i) => `${i % 4 === 0 ? "" : i % 2 ? "red" : "blue"},${i}`).join("\n") + "\n"),
    );
    const synthetic = await readCsvTable(
      tmp.file("s.csv", "colour,n\n" + Array.from({ length: 100 }, (_, i) => `${i % 2 ? "red" : "blue"},${i}`).join("\n") + "\n"),
    );
    const bars = evaluateTables(real, synthetic).plots.columns.find((p) => p.column === "colour")!;
    expect(bars.labels).toContain("(missing)");
    const at = bars.labels.indexOf("(missing)");
    expect(bars.real[at]).toBeCloseTo(0.25);
    expect(bars.synthetic[at]).toBe(0);
    expect(bars.real.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(bars.synthetic.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });
});
