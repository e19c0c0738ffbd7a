// The hooks `mimic fit` and `mimic evaluate` draw their progress bars from: each must move forward
// and end exactly at its total, or a bar would stop short or run past 100%.
import { statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateTables } from "../evaluate/index.js";
import { fitModel } from "./fit.js";
import { readCsvTable } from "./internal/read-csv.js";
import { tempDir } from "./test-support/temp-csv.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

function csv(rows: number): string {
  const lines = ["id,size,colour,price"];
  for (let i = 0; i < rows; i++) lines.push(`${i + 1},${(i * 13) % 40},${["red", "green", "blue"][i % 3]},${((i * 7) % 100) / 4}`);
  return lines.join("\n") + "\n";
}

function increasing(calls: number[]): boolean {
  return calls.every((v, i) => i === 0 || v > calls[i - 1]!);
}

describe("progress hooks", () => {
  it("readCsvTable reports bytes read, chunk by chunk (4 MiB),  up to the file's size", async () => {
    const path = tmp.file("big.csv", csv(500_000));
    const seen: number[] = [];
    await readCsvTable(path, { onBytes: (b) => seen.push(b) });
    expect(seen.length).toBeGreaterThan(1);
    expect(increasing(seen)).toBe(true);
    expect(seen.at(-1)).toBe(statSync(path).size);
  });

  it("fitModel steps once per column plus three whole-table steps, ending at its total", async () => {
    const table = await readCsvTable(tmp.file("small.csv", csv(300)));
    const seen: [number, number][] = [];
    fitModel(table, undefined, { onStep: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => [i + 1, 7]));
  });

  it("evaluateTables steps through its seven whole-table steps", async () => {
    const real = await readCsvTable(tmp.file("real.csv", csv(300)));
    const seen: number[] = [];
    evaluateTables(real, real, undefined, { onStep: (done, total) => seen.push(done / total) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => d / 7));
  });
});
