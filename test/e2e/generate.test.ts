// End to end: spawn the built CLI, read what it wrote with independent readers (Python's csv
// module, DuckDB), and check every bad input ends with one message, exit 2 and no file.
import { DuckDBInstance } from "@duckdb/node-api";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const MAIN = resolve("dist/main.js");
const dir = mkdtempSync(join(tmpdir(), "mimic-e2e-gen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mimic(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, "generate", ...args], { cwd: dir, encoding: "utf8", maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pythonCsv(file: string): unknown[][] {
  const script =
    "import csv, json, sys\n" +
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n" +
    "    print(json.dumps(list(csv.reader(f, quoting=csv.QUOTE_NONNUMERIC))))\n";
  return JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8", maxBuffer: 256 << 20 })) as unknown[][];
}

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

describe("mimic generate", () => {
  it("reads each built-in dataset from the JSON the build writes, the same schema as its YAML", () => {
    for (const name of ["coffee-sales", "addresses", "demographics"]) {
      const built: unknown = JSON.parse(readFileSync(resolve(`dist/synth/datasets/${name}/${name}.json`), "utf8"));
      expect(built).toEqual(parseYaml(readFileSync(resolve(`src/synth/datasets/${name}/${name}.yaml`), "utf8")));
    }
  });

  it("writes coffee-sales CSV that Python reads with strings quoted and numbers bare", () => {
    const r = mimic("coffee-sales", "--rows", "2000", "--seed", "42", "--out", "sales.csv");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^mimic: wrote 2,000 rows of coffee-sales to sales\.csv as csv in [\d.]+ s/);
    const rows = pythonCsv(join(dir, "sales.csv"));
    expect(rows).toHaveLength(2001);
    const header = rows[0] as string[];
    for (const column of ["transaction_id", "date", "time", "product", "price", "quantity", "amount", "payment_type"]) expect(header).toContain(column);
    const at = (name: string) => header.indexOf(name);
    for (const row of rows.slice(1)) {
      expect(typeof row[at("product")]).toBe("string");
      expect(row[at("date")]).toMatch(/^\d\d\/\d\d\/2022$/);
      expect(typeof row[at("quantity")]).toBe("number");
      // amount = price × quantity, exact in cents.
      expect(Math.round((row[at("amount")] as number) * 100)).toBe(Math.round((row[at("price")] as number) * 100) * (row[at("quantity")] as number));
    }
  });

  it("gives byte-identical output for 1, 2 and 3 workers and across runs", () => {
    const files = ["1", "2", "3", "1"].map((workers, k) => {
      const out = `w${k}.csv`;
      expect(mimic("coffee-sales", "--rows", "150000", "--workers", workers, "--out", out).code).toBe(0);
      return readFileSync(join(dir, out));
    });
    for (const f of files.slice(1)) expect(f.equals(files[0]!)).toBe(true);
  });

  it("writes typed Parquet that DuckDB reads back", async () => {
    const r = mimic("coffee-sales", "--rows", "5000", "--workers", "2", "--out", "sales.parquet");
    expect(r.code).toBe(0);
    const file = join(dir, "sales.parquet");
    const types = Object.fromEntries((await duck(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).map((t) => [t["column_name"], t["column_type"]]));
    expect(types["date"]).toBe("DATE");
    expect(types["product"]).toBe("VARCHAR");
    expect(String(types["amount"])).toMatch(/^(DECIMAL\(18,2\)|DOUBLE)$/);
    expect(await duck(`SELECT count(*)::INTEGER AS n, count(DISTINCT transaction_id)::INTEGER > 0 AS ids FROM read_parquet('${file}')`)).toEqual([
      { n: 5000, ids: true },
    ]);
    // The same rows as the CSV of the same seed.
    expect(mimic("coffee-sales", "--rows", "5000", "--out", "same.csv").code).toBe(0);
    const csv = pythonCsv(join(dir, "same.csv"));
    const products = (await duck(`SELECT product FROM read_parquet('${file}')`)).map((r) => r["product"]);
    expect(products).toEqual(csv.slice(1).map((row) => row[(csv[0] as string[]).indexOf("product")]));
  });

  it("streams addresses as JSON Lines to stdout and demographics with a dataset option", () => {
    const r = mimic("addresses", "--rows", "300", "--format", "jsonl", "--out", "-");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(300);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(typeof first["city"]).toBe("string");
    expect(mimic("demographics", "--rows", "100", "--seed", "7", "--out", "people.csv").code).toBe(0);
    expect(pythonCsv(join(dir, "people.csv"))).toHaveLength(101);
  });

  it("passes dataset options through as flags", () => {
    const r = mimic("coffee-sales", "--rows", "500", "--start-date", "2023-01-01", "--end-date", "2023-01-31", "--format", "jsonl");
    expect(r.code).toBe(0);
    const dates = new Set(
      r.stdout
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as { date: string }).date),
    );
    expect([...dates].every((d) => /^01\/\d\d\/2023$/.test(d))).toBe(true);
    expect(dates.size).toBeGreaterThan(20);
  });

  it("generates from a schema file and picks a table of a multi-table schema", () => {
    writeFileSync(
      join(dir, "shop.yaml"),
      [
        "tables:",
        "  customers:",
        "    columns:",
        "      id: { kind: sequence }",
        "  orders:",
        "    columns:",
        "      id: { kind: sequence }",
        "      size: { kind: categorical, values: [S, M, L] }",
      ].join("\n"),
    );
    const r = mimic("--schema", "shop.yaml", "--table", "orders", "--rows", "10", "--out", "-");
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split("\r\n");
    expect(rows[0]).toBe('"id","size"');
    expect(rows.slice(1).map((l) => l.split(",")[0])).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
  });

  it("ends quietly with exit 0 when the reader of stdout goes away", async () => {
    const child = spawn(process.execPath, [MAIN, "generate", "coffee-sales", "--rows", "2000000", "--out", "-"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(0);
    // Nothing at all: no EPIPE, no stack, and no row count the reader never saw.
    expect(stderr).toBe("");
  });

  it("removes the partial file when interrupted with SIGINT", async () => {
    const sub = mkdtempSync(join(dir, "sigint-"));
    const child = spawn(process.execPath, [MAIN, "generate", "coffee-sales", "--rows", "50000000", "--out", "big.csv"], {
      cwd: sub,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    // Wait until the temporary file exists, then interrupt.
    for (let i = 0; i < 200 && readdirSync(sub).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(readdirSync(sub)).toHaveLength(1);
    child.kill("SIGINT");
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted.*removed/);
    expect(readdirSync(sub)).toEqual([]);
  });

  it("--help lists the datasets, their options and examples", () => {
    const r = spawnSync(process.execPath, [MAIN, "generate", "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const text of ["coffee-sales", "addresses", "demographics", "--start-date", "--rows N", "--seed S", "default 42", "Examples:"])
      expect(r.stdout).toContain(text);
  });
});

describe("mimic generate with bad input", () => {
  const cases: [string, string[], RegExp][] = [
    ["an unknown dataset", ["coffee", "--out", "x.csv"], /no built-in dataset "coffee".*coffee-sales/],
    ["negative rows", ["coffee-sales", "--rows", "-5", "--out", "x.csv"], /--rows must be a whole number.*got "-5"/],
    ["rows that are not a number", ["coffee-sales", "--rows", "abc", "--out", "x.csv"], /--rows must be a whole number.*got "abc"/],
    ["zero workers", ["coffee-sales", "--workers", "0", "--out", "x.csv"], /--workers must be a whole number from 1/],
    ["an unwritable path", ["coffee-sales", "--out", "no-such-dir/x.csv"], /Cannot write .*no-such-dir\/x\.csv: the folder .* does not exist; create it/],
    ["an unknown format", ["coffee-sales", "--format", "xlsx", "--out", "x.csv"], /--format must be one of csv, jsonl, parquet/],
    ["another dataset's option", ["addresses", "--start-date", "2022-01-01", "--out", "x.csv"], /--start-date is an option of coffee-sales, not of addresses/],
    ["no dataset at all", ["--rows", "5"], /Name a dataset \(coffee-sales, addresses, demographics, iot, coffee-shop\) or pass --schema/],
    ["a bad dataset option value", ["coffee-sales", "--stores", "many", "--out", "x.csv"], /stores/],
    ["a missing schema file", ["--schema", "missing.yaml", "--out", "x.csv"], /missing\.yaml/],
  ];
  for (const [what, args, message] of cases) {
    it(`rejects ${what} with one message, exit 2 and no file`, () => {
      const sub = mkdtempSync(join(dir, "bad-"));
      const r = spawnSync(process.execPath, [MAIN, "generate", ...args], { cwd: sub, encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(sub)).toEqual([]);
    });
  }

  it("rejects an invalid schema listing every problem, and writes nothing", () => {
    const sub = mkdtempSync(join(dir, "schema-"));
    writeFileSync(join(sub, "bad.yaml"), ["tables:", "  t:", "    columns:", "      a: { kind: nope }", "      b: { kind: categorical }"].join("\n"));
    const r = spawnSync(process.execPath, [MAIN, "generate", "--schema", "bad.yaml", "--out", "x.csv"], { cwd: sub, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/tables\.t\.columns\.a/);
    expect(r.stderr).toMatch(/tables\.t\.columns\.b/);
    expect(readdirSync(sub)).toEqual(["bad.yaml"]);
  });
});
