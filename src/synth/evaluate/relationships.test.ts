// evaluate checks the real table's exact relationships on the synthetic rows, and validity says
// when they break.
import { afterAll, describe, expect, it } from "vitest";
import { readCsvTable } from "../model/index.js";
import { tempDir } from "../model/test-support/temp-csv.js";
import { evaluateTables } from "./evaluate.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

const MENU: [string, string][] = [["tea", "2.00"], ["latte", "3.50"], ["mocha", "4.00"], ["bagel", "3.99"], ["muffin", "2.49"]];

function csv(rows: number, shuffled: boolean): string {
  const lines = ["product,price,size"];
  for (let i = 0; i < rows; i++) {
    const [product, price] = MENU[(i * 7) % 5]!;
    lines.push(`${product},${shuffled ? MENU[(i * 3 + 1) % 5]![1] : price},${(i * 13) % 40}`);
  }
  return lines.join("\n") + "\n";
}

describe("evaluate: exact relationships", () => {
  it("reports the share of synthetic rows keeping each, and validity falls below 1 when one breaks", async () => {
    const real = await readCsvTable(tmp.file("real.csv", csv(500, false)));
    const kept = evaluateTables(real, await readCsvTable(tmp.file("same.csv", csv(300, false))));
    const broken = evaluateTables(real, await readCsvTable(tmp.file("broken.csv", csv(300, true))));
    const fd = (e: typeof kept) => e.quality.relationships.find((r) => r.relationship === "product -> price");
    expect(fd(kept)).toMatchObject({ real: 1, synthetic: 1, rows: 300 });
    expect(kept.quality.validity).toBe(1);
    expect(fd(broken)!.synthetic).toBeLessThan(0.3);
    expect(broken.quality.validityDetails).toContainEqual({ column: "product -> price", metric: "RelationshipKept", score: fd(broken)!.synthetic });
    expect(broken.quality.validity).toBeLessThan(0.95);
  });
});
