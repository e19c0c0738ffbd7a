// --na: which cells are missing, and each column's own marker written back by sample.
import { afterAll, describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import { createChunkEncoder } from "../writers/index.js";
import { DEFAULT_NA_MARKERS, fitModel, modelGenerator, readCsvTable } from "./index.js";
import { tempDir } from "./test-support/temp-csv.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

/** 400 rows: score missing as NA (1 in 8), city as None (1 in 5), day as -999 (1 in 10), note as an empty cell (1 in 4). */
function survey(): string {
  const lines = ["id,score,city,day,note"];
  for (let i = 0; i < 400; i++) {
    const score = i % 8 === 3 ? "NA" : String(40 + ((i * 37) % 50) / 2);
    const city = i % 5 === 1 ? "None" : ["Oslo", "Rome", "Lima"][i % 3];
    const day = i % 10 === 7 ? "-999" : `2021-03-${String(1 + (i % 28)).padStart(2, "0")}`;
    const note = i % 4 === 0 ? "" : ["late", "early", "on time"][i % 3];
    lines.push(`${i},${score},${city},${day},${note}`);
  }
  return lines.join("\n") + "\n";
}

function sampleCsv(model: ReturnType<typeof fitModel>["model"], rows: number): string[][] {
  const gen = modelGenerator(model, { seed: 9 });
  const encoder = createChunkEncoder("csv", gen.shape);
  const text = encoder.header().toString("utf8") + encoder.encode(gen.generateChunk(0, rows)).toString("utf8");
  return text
    .trimEnd()
    .split("\r\n")
    .map((l) => l.split(","));
}

describe("--na missing-value markers", () => {
  it("reads the listed markers as missing and writes each column's own marker back", async () => {
    const path = tmp.file("survey.csv", survey());
    const table = await readCsvTable(path, { na: [...DEFAULT_NA_MARKERS, "-999"] });
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    expect(byName.get("score")).toMatchObject({ storage: "numeric", nulls: 50, missing: "NA" });
    expect(byName.get("city")).toMatchObject({ storage: "text", nulls: 80, missing: "None" });
    expect(byName.get("day")).toMatchObject({ storage: "datetime", nulls: 40, missing: "-999" });
    expect(byName.get("note")).toMatchObject({ nulls: 100 });
    expect(byName.get("note")!.missing).toBeUndefined();

    const { model } = fitModel(table);
    expect(Object.fromEntries(model.columns.map((c) => [c.name, c.missing]))).toEqual({
      id: undefined,
      score: "NA",
      city: "None",
      day: "-999",
      note: undefined,
    });
    const rows = sampleCsv(model, 4000);
    const column = (name: string) => rows.slice(1).map((r) => r[rows[0]!.indexOf(`"${name}"`)]!);
    const share = (cells: string[], cell: string) => cells.filter((c) => c === cell).length / cells.length;
    // Missing cells come back as the real table wrote them, at the real rate (±3 points on 4,000 rows).
    expect(share(column("score"), "NA")).toBeCloseTo(50 / 400, 1);
    expect(share(column("city"), "None")).toBeCloseTo(80 / 400, 1);
    expect(share(column("day"), "-999")).toBeCloseTo(40 / 400, 1);
    expect(share(column("note"), "")).toBeCloseTo(100 / 400, 1);
    for (const name of ["score", "city", "day"]) expect(column(name)).not.toContain("");
  });

  it("without --na, -999 is a value, and the defaults are pandas' list", async () => {
    const table = await readCsvTable(tmp.file("plain.csv", survey()));
    const day = table.columns.find((c) => c.name === "day")!;
    // "-999" is not a date, so the column is text, holding it as a category.
    expect(day.storage).toBe("text");
    expect(day.storage === "text" && day.dictionary).toContain("-999");
    for (const marker of ["", "NA", "N/A", "NULL", "None", "NaN", "nan", "#N/A", "<NA>", "-1.#IND", "#N/A N/A"]) expect(DEFAULT_NA_MARKERS).toContain(marker);
  });

  it("a list that leaves a column without any value is refused, naming the column and the marker", async () => {
    const path = tmp.file("all-missing.csv", "a,b\n1,x\n2,x\n3,\n");
    const error = await readCsvTable(path, { na: ["x"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MimicError);
    expect(error).toMatchObject({ code: "MODEL_BAD_NA", message: expect.stringContaining('column "b" missing ("x" 2×)') });
    // An --na list that names only empty cells keeps every other cell a value.
    const kept = await readCsvTable(tmp.file("none.csv", "a,b\n1,NA\n2,x\n"), { na: [] });
    expect(kept.columns[1]).toMatchObject({ storage: "text", nulls: 0 });
  });
});
