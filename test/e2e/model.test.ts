// End to end: `mimic fit`, `mimic sample` and `mimic evaluate` as a user runs them, on real tables
// from vega-datasets, and every kind of bad input ending in a clear message and exit code 2.
import { DuckDBInstance } from "@duckdb/node-api";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../src/synth/model/test-support/temp-csv.js";
import { vegaJsonToCsv, vegaPath } from "../../src/synth/model/test-support/vega.js";
import { MIMIC_MAIN, mimicIn } from "../support/mimic-cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());
const mimic = mimicIn(tmp.dir);

let cars: string;

beforeAll(() => {
  cars = join(tmp.dir, "cars.csv");
  vegaJsonToCsv("cars.json", cars);
});

describe("fit → sample → evaluate on vega-datasets' cars", () => {
  it("learns, samples reproducibly and scores ≥ 0.85 quality with no copied rows (docs/model.md)", () => {
    const fit = mimic("fit", "cars.csv", "--out", "cars.model.json");
    expect(fit.stderr).toBe("");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/Name\s+text/);
    expect(fit.stdout).toMatch(/Year\s+datetime/);
    expect(mimic("sample", "cars.model.json", "--rows", "406", "--seed", "1", "--out", "a.csv").code).toBe(0);
    expect(mimic("sample", "cars.model.json", "--rows", "406", "--seed", "1", "--out", "b.csv").code).toBe(0);
    expect(readFileSync(join(tmp.dir, "a.csv"), "utf8")).toBe(readFileSync(join(tmp.dir, "b.csv"), "utf8"));
    // Worker threads make the same bytes as one thread (three 16,384-row chunks).
    expect(mimic("sample", "cars.model.json", "--rows", "40000", "--seed", "2", "--workers", "1", "--out", "w1.csv").code).toBe(0);
    expect(mimic("sample", "cars.model.json", "--rows", "40000", "--seed", "2", "--workers", "2", "--out", "w2.csv").code).toBe(0);
    expect(readFileSync(join(tmp.dir, "w1.csv")).equals(readFileSync(join(tmp.dir, "w2.csv")))).toBe(true);
    const lines = readFileSync(join(tmp.dir, "a.csv"), "utf8").trim().split(/\r?\n/);
    expect(lines[0]).toBe('"Name","Miles_per_Gallon","Cylinders","Displacement","Horsepower","Weight_in_lbs","Acceleration","Year","Origin"');
    expect(lines).toHaveLength(407);
    const ev = mimic("evaluate", "cars.csv", "a.csv", "--json", "scores.json", "--report", "report.html");
    expect(ev.code).toBe(0);
    expect(ev.stdout).toContain("overall quality (thresholded)");
    const scores = JSON.parse(readFileSync(join(tmp.dir, "scores.json"), "utf8")) as {
      quality: { score: number; scoreAllPairs: number };
      baseline: { quality: { score: number } };
      privacy: { exactCopies: number; dcrBaselineProtection: number };
    };
    expect(scores.quality.score).toBeGreaterThanOrEqual(0.85);
    expect(scores.quality.score).toBeGreaterThan(scores.baseline.quality.score);
    expect(scores.privacy.exactCopies).toBe(0);
    expect(scores.privacy.dcrBaselineProtection).toBeGreaterThan(0);
    expect(readFileSync(join(tmp.dir, "report.html"), "utf8")).toMatch(/^<!doctype html>/);
  });

  it("treats a reader that goes away from `fit --out -` (as `| head`) as the end of output: exit 0, no stack", async () => {
    const child = spawn(process.execPath, [MIMIC_MAIN, "fit", "cars.csv", "--out", "-"], { cwd: tmp.dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    // The reader is gone before the model is written (a small model fits the pipe's buffer in one write).
    child.stdout.destroy();
    const [code] = (await once(child, "exit")) as [number];
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });

  it("samples a condition exactly and writes Parquet that DuckDB reads", async () => {
    expect(mimic("fit", "cars.csv", "--out", "c.model.json", "--quiet").code).toBe(0);
    const r = mimic("sample", "c.model.json", "--rows", "3000", "--where", "Origin=Japan", "--out", "japan.parquet");
    // Nothing but the one-line summary every command prints on success: no warning.
    expect(r.stderr).toMatch(/^mimic: wrote 3,000 rows of the model c\.model\.json to japan\.parquet as parquet in [\d.]+ s\n$/);
    expect(r.code).toBe(0);
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    try {
      const rows = (
        await connection.runAndReadAll(
          `SELECT Origin, count(*)::INTEGER AS n, min(Cylinders)::INTEGER AS lo, max(Cylinders)::INTEGER AS hi FROM '${join(tmp.dir, "japan.parquet")}' GROUP BY Origin`,
        )
      ).getRowObjectsJson();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ Origin: "Japan", n: 3000 });
      expect(Number(rows[0]!["lo"])).toBeGreaterThanOrEqual(3);
      expect(Number(rows[0]!["hi"])).toBeLessThanOrEqual(8);
      // A date-only column is a Parquet DATE; a small-range whole number (sampled as dictionary
      // words) is still a 64-bit integer with the observed range.
      const types = (
        await connection.runAndReadAll(
          `SELECT typeof(Year) AS y, min(Year)::VARCHAR AS first, max(Year)::VARCHAR AS last, typeof(Horsepower) AS h, min(Horsepower)::INTEGER AS hlo, max(Horsepower)::INTEGER AS hhi FROM '${join(tmp.dir, "japan.parquet")}' GROUP BY ALL`,
        )
      ).getRowObjectsJson();
      expect(types[0]).toMatchObject({ y: "DATE", h: "BIGINT" });
      const [first, last] = [types[0]!["first"], types[0]!["last"]] as string[];
      expect(first! >= "1970-01-01" && last! <= "1982-01-01").toBe(true);
      expect(Number(types[0]!["hlo"])).toBeGreaterThanOrEqual(46);
      expect(Number(types[0]!["hhi"])).toBeLessThanOrEqual(230);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });

  it("writes a time of day as a Parquet TIME, and evaluates typed Parquet dates against a CSV's text dates", async () => {
    expect(mimic("generate", "coffee-sales", "--rows", "3000", "--out", "sales.csv").code).toBe(0);
    expect(mimic("fit", "sales.csv", "--out", "sales.model.json", "--quiet").code).toBe(0);
    expect(mimic("sample", "sales.model.json", "--rows", "3000", "--seed", "4", "--out", "sales-synth.parquet").code).toBe(0);
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    try {
      const file = join(tmp.dir, "sales-synth.parquet");
      const rows = (
        await connection.runAndReadAll(
          `SELECT any_value(typeof(date)) AS d, any_value(typeof(time)) AS t, min(time)::VARCHAR AS first, max(time)::VARCHAR AS last FROM '${file}'`,
        )
      ).getRowObjectsJson();
      // A time of day was a TIMESTAMP on 1970-01-01 before: typed as what it is.
      expect(rows[0]).toMatchObject({ d: "DATE", t: "TIME" });
      const [first, last] = [rows[0]!["first"], rows[0]!["last"]] as string[];
      expect(first! >= "05:00:00" && last! <= "23:59:59").toBe(true);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
    // The real CSV writes dates as MM/DD/YYYY; the synthetic Parquet holds typed DATEs: no mismatch.
    const ev = mimic("evaluate", "sales.csv", "sales-synth.parquet", "--json", "sales-scores.json");
    expect(ev.stderr).not.toContain("warning");
    expect(ev.code).toBe(0);
    const scores = JSON.parse(readFileSync(join(tmp.dir, "sales-scores.json"), "utf8")) as { quality: { validity: number } };
    expect(scores.quality.validity).toBe(1);
  });

  it("fits at a privacy level, records it in the model, and refuses an unknown level", () => {
    const fit = mimic("fit", "cars.csv", "--privacy", "0.7", "--out", "p.model.json");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toContain("Privacy 0.7: correlations shrunk by 0.56");
    const model = JSON.parse(readFileSync(join(tmp.dir, "p.model.json"), "utf8")) as { privacy?: { level: string; shrink: number } };
    expect(model.privacy).toMatchObject({ level: "0.7", shrink: 0.56 });
    expect(mimic("sample", "p.model.json", "--rows", "40000", "--seed", "2", "--workers", "1", "--out", "p1.csv").code).toBe(0);
    expect(mimic("sample", "p.model.json", "--rows", "40000", "--seed", "2", "--workers", "2", "--out", "p2.csv").code).toBe(0);
    expect(readFileSync(join(tmp.dir, "p1.csv")).equals(readFileSync(join(tmp.dir, "p2.csv")))).toBe(true);
    const bad = mimic("fit", "cars.csv", "--privacy", "extreme", "--out", "bad.model.json");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("[MODEL_BAD_PRIVACY]");
    expect(existsSync(join(tmp.dir, "bad.model.json"))).toBe(false);
  });

  it("evaluates seattle-weather against a holdout", () => {
    const all = readFileSync(vegaPath("seattle-weather.csv"), "utf8").trim().split("\n");
    const [head, ...rows] = all;
    writeFileSync(join(tmp.dir, "train.csv"), [head, ...rows.filter((_, i) => i % 2 === 0)].join("\n") + "\n");
    writeFileSync(join(tmp.dir, "holdout.csv"), [head, ...rows.filter((_, i) => i % 2 === 1)].join("\n") + "\n");
    expect(mimic("fit", "train.csv", "--out", "w.model.json", "--quiet").code).toBe(0);
    expect(mimic("sample", "w.model.json", "--rows", "731", "--seed", "3", "--out", "w.csv").code).toBe(0);
    const ev = mimic("evaluate", "train.csv", "w.csv", "--holdout", "holdout.csv", "--json", "-");
    expect(ev.code).toBe(0);
    const e = JSON.parse(ev.stdout) as {
      quality: { score: number };
      privacy: { dcrOverfittingProtection: number; dcrOverfittingNoise: { low: number; high: number; pValue: number } };
    };
    expect(e.quality.score).toBeGreaterThanOrEqual(0.85);
    expect(e.privacy.dcrOverfittingProtection).toBeGreaterThan(0.8);
    // What chance gives on 730 held-out rows: a narrow range near 1.
    const noise = e.privacy.dcrOverfittingNoise;
    expect(noise.low).toBeGreaterThan(0.85);
    expect(noise.low).toBeLessThanOrEqual(noise.high);
    expect(noise.high).toBeLessThanOrEqual(1);
    expect(noise.pValue).toBeGreaterThanOrEqual(0);
    const summary = mimic("evaluate", "train.csv", "w.csv", "--holdout", "holdout.csv");
    expect(summary.stdout).toMatch(/no-memorisation range \(95%\) +0\.\d{3}–1\.000/);
    expect(summary.stdout).toContain("a generator that learnt nothing of which rows were training scores");
  });

  it("warns about synthetic dates that are not dates, scores them as mismatches and puts them in the JSON and report", () => {
    const all = readFileSync(vegaPath("seattle-weather.csv"), "utf8").trim().split("\n");
    const [head, ...rows] = all;
    writeFileSync(join(tmp.dir, "weather.csv"), all.join("\n") + "\n");
    writeFileSync(join(tmp.dir, "nodates.csv"), [head, ...rows.map((r) => "not a date" + r.slice(r.indexOf(",")))].join("\n") + "\n");
    const good = JSON.parse(mimic("evaluate", "weather.csv", "weather.csv", "--json", "-").stdout) as {
      quality: { shapes: { column: string; score: number }[] };
    };
    const ev = mimic("evaluate", "weather.csv", "nodates.csv", "--json", "nodates.json", "--report", "nodates.html");
    expect(ev.code).toBe(0);
    expect(ev.stderr).toBe(
      'mimic: warning: synthetic column "date": 1,461 value(s), 100.0% of its non-empty values, are not dates in YYYY-MM-DD (e.g. "not a date"); counted as mismatches, which lowers the column\'s scores.\n',
    );
    const e = JSON.parse(readFileSync(join(tmp.dir, "nodates.json"), "utf8")) as {
      invalidValues: { column: string; share: number }[];
      quality: { shapes: { column: string; score: number }[] };
    };
    expect(e.invalidValues).toMatchObject([{ table: "synthetic", column: "date", count: 1461, share: 1, expected: "dates in YYYY-MM-DD" }]);
    expect(e.quality.shapes.find((s) => s.column === "date")!.score).toBe(0);
    expect(good.quality.shapes.find((s) => s.column === "date")!.score).toBe(1);
    expect(readFileSync(join(tmp.dir, "nodates.html"), "utf8")).toContain("Values that are not of the column's type");
  });
});

describe("fit --method and --holdout", () => {
  it("auto picks a method on a held-out part and says why; the holdout is written for evaluate, whose summary reads each privacy number", () => {
    vegaJsonToCsv("penguins.json", join(tmp.dir, "penguins.csv"));
    const r = mimic("fit", "penguins.csv", "--method", "auto", "--holdout", "20%", "--out", "p.model.json");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Method auto: (cart|copula) scored quality 0\.\d+ against 55 held-out real rows, (cart|copula) 0\.\d+/);
    expect(r.stdout).toContain("Held out 69 real rows (not learnt)");
    const model = JSON.parse(readFileSync(join(tmp.dir, "p.model.json"), "utf8")) as { method: string; rows: number; choice: { chosen: string } };
    expect(model.rows).toBe(275);
    expect(model.choice.chosen).toBe(model.method);
    expect(readFileSync(join(tmp.dir, "p.model.holdout.csv"), "utf8").trim().split("\n")).toHaveLength(70);
    expect(mimic("sample", "p.model.json", "--rows", "275", "--seed", "1", "--out", "p.csv").code).toBe(0);
    const ev = mimic("evaluate", "p.model.train.csv", "p.csv", "--holdout", "p.model.holdout.csv");
    expect(ev.code).toBe(0);
    expect(ev.stdout).toContain("membership inference advantage");
    expect(ev.stdout).toMatch(/DCR overfitting protection \d\.\d{3}: [\d.]+% of synthetic rows are closer to a training row/);
    expect(ev.stdout).toMatch(/held-out real rows repeat a training row/);
    // Copies are also set against copies of held-out rows (what chance gives): a row and a reading.
    expect(ev.stdout).toMatch(/ {4}of held-out rows \(chance\) +\d+/);
    expect(ev.stdout).toMatch(/No synthetic row copies a training or a held-out row\.|by chance: (too few copies|within chance|\d+ is beyond chance)/);
    const written = (
      JSON.parse(readFileSync(join(tmp.dir, "p.model.json"), "utf8")) as {
        choice: { privacy: { cart: { copies: unknown } }; utility: Record<string, { ratios: Record<string, number> }>; utilitySpread: unknown };
      }
    ).choice;
    expect(written.privacy.cart.copies).toMatchObject({
      training: expect.any(Number),
      pValue: expect.any(Number),
    });
    // Utility on the same 55 rows: a ratio per category target for each method, and the summary says it.
    expect(Object.keys(written.utility["copula"]!.ratios).sort()).toEqual(["Island", "Sex", "Species"]);
    expect(written.utilitySpread).toEqual(expect.any(Number));
    expect(r.stdout).toMatch(/utility \(TSTR\/TRTR macro-F1, mean capped at 1\) (cart|copula) \d\.\d{4} \(Species \d\.\d\d, Island/);
  });

  it("refuses an unknown method, a holdout the table cannot give, CART with --privacy, and a CART file edited into a copula", () => {
    for (const [args, code] of [
      [["--method", "bayesnet"], "MODEL_BAD_METHOD"],
      [["--holdout", "406"], "MODEL_BAD_HOLDOUT"],
      [["--holdout", "150%"], "MODEL_BAD_HOLDOUT"],
      [["--method", "cart", "--privacy", "high"], "MODEL_BAD_METHOD"],
    ] as const) {
      const r = mimic("fit", "cars.csv", ...args, "--out", "refused.model.json");
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(`[${code}]`);
      expect(existsSync(join(tmp.dir, "refused.model.json"))).toBe(false);
    }
    expect(mimic("fit", "cars.csv", "--method", "cart", "--out", "c.model.json", "--quiet").code).toBe(0);
    const model = JSON.parse(readFileSync(join(tmp.dir, "c.model.json"), "utf8")) as Record<string, unknown>;
    expect(model["method"]).toBe("cart");
    writeFileSync(join(tmp.dir, "c2.json"), JSON.stringify({ ...model, method: "copula" }));
    const edited = mimic("sample", "c2.json", "--rows", "10", "--out", "c2.csv");
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain("[MODEL_INVALID]");
  });
});

describe("bad input: a clear message, exit code 2, no stack trace, no output left behind", () => {
  const cases: [string, string | Buffer, string][] = [
    ["empty.csv", "", "CSV_EMPTY"],
    ["header.csv", "a,b\n", "CSV_EMPTY"],
    ["one.csv", "a,b\n1,2\n", "MODEL_TOO_FEW_ROWS"],
    ["json.csv", '[{"a": 1}]', "CSV_NOT_CSV"],
    ["zip.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), "CSV_NOT_CSV"],
    ["ragged.csv", "a,b\n1,2\n3,4,5\n", "CSV_MALFORMED"],
    ["constant.csv", "a,b\nx,\nx,\nx,\n", "MODEL_NO_COLUMNS"],
  ];
  for (const [name, text, code] of cases) {
    it(`fit ${name} → ${code}`, () => {
      tmp.file(name, text);
      const r = mimic("fit", name, "--out", `${name}.model.json`);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`[${code}]`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(tmp.dir, `${name}.model.json`))).toBe(false);
    });
  }

  it("models a table with an all-null column, a constant one and mixed types, and says so", () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i % 7},${i % 2 ? "x" : i},,k,${(i * 37) % 11}`);
    tmp.file("odd.csv", "mixed,alsomixed,empty,const,n\n" + rows.join("\n") + "\n");
    const r = mimic("fit", "odd.csv", "--out", "odd.model.json");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("empty every value is empty; kept as an empty column");
    expect(r.stdout).toContain('const has a single value; kept constant ("k")');
    expect(r.stdout).toMatch(/alsomixed mixed: \d+% numbers and some text/);
  });

  it("refuses a model from another version or edited by hand", () => {
    expect(mimic("fit", "cars.csv", "--out", "m.model.json", "--quiet").code).toBe(0);
    const model = JSON.parse(readFileSync(join(tmp.dir, "m.model.json"), "utf8")) as { version: number; copula: { correlation: number[][] } };
    writeFileSync(join(tmp.dir, "v2.json"), JSON.stringify({ ...model, version: model.version + 1 }));
    const v2 = mimic("sample", "v2.json", "--rows", "10", "--out", "v2.csv");
    expect(v2.code).toBe(2);
    expect(v2.stderr).toContain("[MODEL_VERSION]");
    model.copula.correlation[0]![1] = 7;
    writeFileSync(join(tmp.dir, "edited.json"), JSON.stringify(model));
    const edited = mimic("sample", "edited.json", "--rows", "10", "--out", "edited.csv");
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain("[MODEL_INVALID]");
    expect(edited.stderr).toContain("copula.correlation");
    writeFileSync(join(tmp.dir, "garbage.json"), "{not json");
    expect(mimic("sample", "garbage.json", "--rows", "10", "--out", "g.csv").stderr).toContain("[MODEL_INVALID]");
    // A text file given as the model: one line saying what went wrong, not JSON.parse's quote of it.
    writeFileSync(join(tmp.dir, "notes.md"), "# notes\n\nnot a model\n");
    const notes = mimic("sample", "notes.md", "--rows", "10", "--out", "g.csv").stderr;
    expect(notes).toMatch(/^mimic: ".*notes\.md" is not JSON \(Unexpected token '#'\); .*mimic fit.* \[MODEL_INVALID\]\n$/);
    expect(readdirSync(tmp.dir).filter((f) => /^(v2|edited|g)\.csv/.test(f))).toEqual([]);
  });

  it("evaluate refuses a 1-row table as its CSV_EMPTY message says (at least two rows), and takes two", () => {
    tmp.file("one-row.csv", "x,k\n1,a\n");
    tmp.file("two-rows.csv", "x,k\n1,a\n3,a\n");
    for (const args of [
      ["two-rows.csv", "one-row.csv"],
      ["one-row.csv", "two-rows.csv"],
      ["two-rows.csv", "two-rows.csv", "--holdout", "one-row.csv"],
    ]) {
      const r = mimic("evaluate", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^mimic: "one-row\.csv" has 1 data row; give at least two rows .*\[CSV_EMPTY\]\n$/);
    }
    tmp.file("header-only.csv", "x,k\n");
    const header = mimic("evaluate", "two-rows.csv", "header-only.csv");
    expect(header.stderr).toContain("give at least two rows");
    expect(mimic("evaluate", "two-rows.csv", "two-rows.csv").code).toBe(0);
  });

  it("refuses an impossible condition and mismatched evaluation inputs", () => {
    expect(mimic("fit", "cars.csv", "--out", "m2.model.json", "--quiet").code).toBe(0);
    const bad = mimic("sample", "m2.model.json", "--where", "Origin=Mars", "--out", "mars.csv");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("[MODEL_BAD_CONDITION]");
    expect(existsSync(join(tmp.dir, "mars.csv"))).toBe(false);
    tmp.file("other.csv", "x,y\n1,2\n3,4\n");
    const ev = mimic("evaluate", "cars.csv", "other.csv");
    expect(ev.code).toBe(2);
    expect(ev.stderr).toContain("[EVAL_COLUMNS_MISMATCH]");
  });
});
