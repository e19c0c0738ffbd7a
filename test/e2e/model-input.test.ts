// End to end: inputs `mimic fit`, `mimic sample` and `mimic evaluate` once mishandled (numbers in
// scientific notation, ids beyond 2^53, folders, non-UTF-8 bytes, repeated hex ids), each read
// faithfully or refused with a clear message and exit code 2.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/index.js";
import { tempDir } from "../../src/synth/model/test-support/temp-csv.js";
import { MIMIC_MAIN, mimicIn } from "../support/mimic-cli.js";

const tmp = tempDir();
afterAll(() => tmp.remove());
const mimic = mimicIn(tmp.dir);

/** The sampled CSV's columns by name, as the text of each cell. */
function readColumns(file: string): Map<string, string[]> {
  const [header, ...rows] = readFileSync(join(tmp.dir, file), "utf8").trim().split(/\r?\n/);
  const names = header!.split(",").map((n) => n.replace(/"/g, ""));
  return new Map(names.map((n, j) => [n, rows.map((r) => r.split(",")[j]!.replace(/"/g, ""))]));
}

describe("numbers as written", () => {
  it("reads scientific notation as numbers and samples them with their significant digits, not rounded to 0", () => {
    const rng = createRandom(3);
    const lines = ["tiny,neg,few"];
    for (let i = 0; i < 200; i++) {
      const tiny = (1e-6 + rng.next() * 9e-5).toExponential(3).replace(/e-(\d)$/, "e-0$1");
      const neg = (-(1 + rng.next() * 3) * 1e-10).toExponential(2);
      lines.push(`${tiny},${neg},${["1E5", "2.5E5", "9.43e-05"][i % 3]}`);
    }
    tmp.file("sci.csv", lines.join("\n") + "\n");
    const fit = mimic("fit", "sci.csv", "--out", "sci.model.json");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/tiny\s+numeric.*scientific notation with up to 4 significant digits/);
    expect(fit.stdout).not.toContain("0 decimal places");
    expect(mimic("sample", "sci.model.json", "--rows", "500", "--seed", "1", "--out", "sci.out.csv").code).toBe(0);
    const out = readColumns("sci.out.csv");
    const tiny = out.get("tiny")!.map(Number);
    expect(tiny.every((v) => v >= 1e-6 && v <= 9.2e-5)).toBe(true);
    expect(new Set(tiny).size).toBeGreaterThan(100);
    // Four significant digits, as in the data: no float noise, no loss.
    expect(tiny.every((v) => Number(v.toPrecision(4)) === v)).toBe(true);
    const neg = out.get("neg")!.map(Number);
    expect(neg.every((v) => v <= -1e-10 && v >= -4.01e-10)).toBe(true);
    expect(new Set(out.get("few")!.map(Number))).toEqual(new Set([100000, 250000, 9.43e-5]));
  });
});

describe("whole numbers beyond 2^53", () => {
  it("keeps 20-digit ids as identifiers instead of rounding them to one 'constant' value that is not in the data", () => {
    const ids = Array.from({ length: 50 }, (_, i) => (12345678901234567890n + BigInt(i)).toString());
    tmp.file("big.csv", "account,amount\n" + ids.map((id, i) => `${id},${(i * 7) % 13}`).join("\n") + "\n");
    const fit = mimic("fit", "big.csv", "--out", "big.model.json");
    expect(fit.code).toBe(0);
    expect(fit.stdout).not.toMatch(/account\s+constant/);
    expect(fit.stdout).toMatch(/account\s+identifier/);
    expect(readFileSync(join(tmp.dir, "big.model.json"), "utf8")).not.toContain("12345678901234567000");
    expect(mimic("sample", "big.model.json", "--rows", "100", "--out", "big.out.csv").code).toBe(0);
    const account = readColumns("big.out.csv").get("account")!;
    expect(new Set(account).size).toBe(100);
    expect(account.every((id) => /^\d{20}$/.test(id) && id !== "12345678901234567000")).toBe(true);
  });
});

describe("a folder where a file belongs", () => {
  it("fit and evaluate refuse a folder as input with IO_UNREADABLE, exit 2, not an internal error", () => {
    tmp.file("two.csv", "a,b\n1,x\n2,y\n3,x\n");
    mkdirSync(join(tmp.dir, "folder"), { recursive: true });
    for (const args of [
      ["fit", "folder", "--out", "folder.model.json"],
      ["evaluate", "folder", "two.csv"],
      ["evaluate", "two.csv", "folder"],
      ["fit", ".", "--out", "dot.model.json"],
    ]) {
      const r = mimic(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/is a folder, not a CSV file.*\[IO_UNREADABLE\]/);
      expect(r.stderr).not.toContain("INTERNAL");
    }
    expect(existsSync(join(tmp.dir, "folder.model.json"))).toBe(false);
  });
});

describe("identifiers repeated over a few rows", () => {
  it("regenerates mostly-distinct hex ids in their shape instead of storing and copying every real id", () => {
    const rng = createRandom(9);
    const hex = () => Array.from({ length: 32 }, () => "0123456789abcdef"[rng.int(0, 15)]).join("");
    const lines = ["transaction_id,product,amount"];
    const real = new Set<string>();
    for (let basket = 0; basket < 400; basket++) {
      const id = hex();
      real.add(id);
      for (let line = 0; line < 1 + (basket % 3 === 0 ? 1 : 0); line++)
        lines.push(`${id},${["tea", "cake", "latte"][rng.int(0, 2)]},${rng.int(100, 900) / 100}`);
    }
    tmp.file("baskets.csv", lines.join("\n") + "\n");
    const fit = mimic("fit", "baskets.csv", "--out", "baskets.model.json");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/transaction_id\s+identifier/);
    const modelText = readFileSync(join(tmp.dir, "baskets.model.json"), "utf8");
    for (const id of real) expect(modelText).not.toContain(id);
    expect(mimic("sample", "baskets.model.json", "--rows", "1000", "--seed", "4", "--out", "baskets.out.csv").code).toBe(0);
    const ids = readColumns("baskets.out.csv").get("transaction_id")!;
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id) && !real.has(id))).toBe(true);
    // Rows sharing an id are a basket (fit keeps the grouping): each id is one run of consecutive
    // rows, never reused by another basket, and baskets have the real sizes (1 or 2 lines).
    const runs = ids.filter((id, i) => i === 0 || id !== ids[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs.length).toBeLessThan(ids.length);
    expect(ids.length / runs.length).toBeLessThanOrEqual(2);
  });
});

describe("times of day", () => {
  it("learns an HH:MM:SS column as times of day and samples real clock times, not ids or copied values", () => {
    const rng = createRandom(3);
    const two = (n: number) => String(n).padStart(2, "0");
    const lines = ["time,amount"];
    // 600 mostly-distinct times between 07:00 and 19:00, as coffee-sales writes them.
    for (let i = 0; i < 600; i++) {
      const s = rng.int(7 * 3600, 19 * 3600 - 1);
      lines.push(`"${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}",${rng.int(100, 900) / 100}`);
    }
    tmp.file("times.csv", lines.join("\n") + "\n");
    const fit = mimic("fit", "times.csv", "--out", "times.model.json");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/time\s+datetime.*times of day in the format HH:mm:ss/);
    expect(mimic("sample", "times.model.json", "--rows", "2000", "--seed", "5", "--out", "times.out.csv").code).toBe(0);
    const times = readColumns("times.out.csv").get("time")!;
    for (const t of times) {
      expect(t).toMatch(/^(0[7-9]|1[0-8]):[0-5]\d:[0-5]\d$/);
    }
  });
});

describe("Ctrl-C", () => {
  // 1,500 columns × 60 rows: seconds of computing (eigen-decomposition, pair scores) with no yield
  // to the event loop, when a JavaScript signal handler could not run.
  beforeAll(() => {
    const rng = createRandom(11);
    const names = Array.from({ length: 1500 }, (_, i) => `c${i}`);
    const rows = Array.from({ length: 60 }, () => names.map(() => rng.int(0, 99999) / 100).join(","));
    tmp.file("wide.csv", [names.join(","), ...rows].join("\n") + "\n");
  });

  /** CPU time a process has used, in clock ticks (/proc/<pid>/stat: utime + stime); undefined once it is gone. */
  function cpuTicks(pid: number): number | undefined {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
        .replace(/^.*\) /, "")
        .split(" ");
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  }

  /**
   * Starts `mimic <args>`, sends SIGINT once it has computed for a while (60 ticks of CPU: past
   * start-up and the tiny read, inside seconds of work), and says how it ended.
   */
  async function interrupted(args: string[]): Promise<{ signal: string | null; code: number | null }> {
    const child = spawn(process.execPath, [MIMIC_MAIN, ...args], { cwd: tmp.dir, stdio: "ignore" });
    const exit = once(child, "exit") as Promise<[number | null, string | null]>;
    for (;;) {
      const ticks = cpuTicks(child.pid!);
      if (ticks === undefined) throw new Error(`mimic ${args[0]} ended before it could be interrupted`);
      if (ticks >= 60) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill("SIGINT");
    const [code, signal] = await exit;
    return { code, signal };
  }

  // Killed by the signal itself, not exit code 130 after a handler: no JavaScript ran after
  // Ctrl-C, so the command could not have gone on computing first.
  it("stops fit at once while it computes, leaving no model behind", async () => {
    expect(await interrupted(["fit", "wide.csv", "--out", "wide.model.json"])).toEqual({ code: null, signal: "SIGINT" });
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith("wide.model"))).toEqual([]);
  });

  it("stops evaluate at once while it computes, leaving no report or temporary file behind", async () => {
    expect(await interrupted(["evaluate", "wide.csv", "wide.csv", "--report", "wide.html"])).toEqual({ code: null, signal: "SIGINT" });
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith("wide.html"))).toEqual([]);
  });
});

describe("ambiguous dates", () => {
  it("says when MM/DD was chosen although no day is above 12, and how to read the day first", () => {
    tmp.file("amb.csv", "day,v\n03/04/2020,1\n05/06/2020,2\n01/12/2021,3\n11/02/2020,4\n");
    const fit = mimic("fit", "amb.csv", "--out", "amb.model.json");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toContain("day read as MM/DD/YYYY (month first): no day is above 12");
    expect(fit.stdout).toContain('format: "DD/MM/YYYY"');
    // A day above 12 settles it: no notice.
    tmp.file("plain.csv", "day,v\n03/24/2020,1\n05/06/2020,2\n");
    expect(mimic("fit", "plain.csv", "--out", "plain.model.json").stdout).not.toContain("month first");
  });
});

describe("fit --out -", () => {
  it("writes the model to stdout and the summary to stderr, not a file named '-'", () => {
    tmp.file("small.csv", "x,kind\n" + Array.from({ length: 40 }, (_, i) => `${(i * 13) % 17},${"abc"[i % 3]}`).join("\n") + "\n");
    const r = mimic("fit", "small.csv", "--out", "-");
    expect(r.code).toBe(0);
    expect(existsSync(join(tmp.dir, "-"))).toBe(false);
    const model = JSON.parse(r.stdout) as { format: string; columns: unknown[] };
    expect(model.format).toBe("mimic-model");
    expect(model.columns).toHaveLength(2);
    expect(r.stderr).toMatch(/^Fitted 40 rows × 2 columns → stdout/);
    writeFileSync(join(tmp.dir, "piped.model.json"), r.stdout);
    expect(mimic("sample", "piped.model.json", "--rows", "5", "--out", "piped.csv").code).toBe(0);
  });
});

describe("evaluate outputs", () => {
  it("opens every output before writing any: an unwritable --json leaves no --report behind", () => {
    tmp.file("ev-real.csv", "x,kind\n" + Array.from({ length: 60 }, (_, i) => `${(i * 13) % 17},${"abc"[i % 3]}`).join("\n") + "\n");
    tmp.file("ev-synth.csv", "x,kind\n" + Array.from({ length: 60 }, (_, i) => `${(i * 7) % 17},${"abc"[i % 2]}`).join("\n") + "\n");
    const before = new Set(readdirSync(tmp.dir));
    const r = mimic("evaluate", "ev-real.csv", "ev-synth.csv", "--report", "keep.html", "--json", join(tmp.dir, "nonexist", "x.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("[IO_UNWRITABLE]");
    mkdirSync(join(tmp.dir, "a-folder"), { recursive: true });
    const folder = mimic("evaluate", "ev-real.csv", "ev-synth.csv", "--json", "keep.json", "--report", "a-folder");
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("[IO_UNWRITABLE]");
    const input = mimic("evaluate", "ev-real.csv", "missing.csv", "--json", "keep.json");
    expect(input.code).toBe(2);
    expect(readdirSync(tmp.dir).filter((f) => !before.has(f) && f !== "a-folder")).toEqual([]);
    expect(mimic("evaluate", "ev-real.csv", "ev-synth.csv", "--report", "keep.html", "--json", "keep.json").code).toBe(0);
    expect(existsSync(join(tmp.dir, "keep.html")) && existsSync(join(tmp.dir, "keep.json"))).toBe(true);
  });
});

describe("text that is not UTF-8", () => {
  it("refuses a Latin-1 file with CSV_NOT_CSV and how to convert it, instead of sampling Z\uFFFDrich", () => {
    const rows = ["Z\u00fcrich", "Bern", "Basel", "Gen\u00e8ve"].map((c, i) => `${c},${i}`).join("\n");
    tmp.file("latin1.csv", Buffer.from(`city,n\n${rows}\n`, "latin1"));
    tmp.file("utf8.csv", `city,n\n${rows}\n`);
    for (const args of [
      ["fit", "latin1.csv", "--out", "latin1.model.json"],
      ["evaluate", "utf8.csv", "latin1.csv"],
    ]) {
      const r = mimic(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/latin1\.csv" is not UTF-8 text: line 2 .*iconv -f latin1 -t utf-8.*\[CSV_NOT_CSV\]/);
    }
    expect(existsSync(join(tmp.dir, "latin1.model.json"))).toBe(false);
    expect(mimic("fit", "utf8.csv", "--out", "utf8.model.json").code).toBe(0);
  });
});

describe("fit --metadata is strict", () => {
  it("refuses a boolean with 5 values, an integer with decimals, a key typo and a strftime format, exit 2, each listed", () => {
    const weather = ["drizzle", "rain", "sun", "snow", "fog"];
    const lines = ["date,precipitation,wind,weather"];
    for (let i = 0; i < 60; i++) lines.push(`2012-01-${String((i % 28) + 1).padStart(2, "0")},${(i * 0.3).toFixed(1)},${i % 7},${weather[i % 5]}`);
    tmp.file("meta-w.csv", lines.join("\n") + "\n");
    tmp.file("keys.yaml", 'columns:\n  wind: {typ: drop}\n  date: {type: datetime, format: "%Y-%m-%d"}\n');
    const keys = mimic("fit", "meta-w.csv", "--out", "meta-w.model.json", "--metadata", "keys.yaml");
    expect(keys.code).toBe(2);
    expect(keys.stderr).toContain("[MODEL_BAD_METADATA]");
    expect(keys.stderr).toContain("columns.wind.typ: unknown key typ (did you mean type?)");
    expect(keys.stderr).toMatch(/columns\.date\.format: unknown format "%Y-%m-%d" \(did you mean YYYY-MM-DD\?\); supported: /);
    tmp.file("types.yaml", "columns:\n  weather: {type: boolean}\n  precipitation: {type: integer}\n");
    const types = mimic("fit", "meta-w.csv", "--out", "meta-w.model.json", "--metadata", "types.yaml");
    expect(types.code).toBe(2);
    expect(types.stderr).toMatch(/columns\.weather: has 5 distinct values .*use type categorical/);
    expect(types.stderr).toMatch(/columns\.precipitation: values such as "0\.3".* are not whole numbers/);
    expect(existsSync(join(tmp.dir, "meta-w.model.json"))).toBe(false);
  });
});

describe("exact relationships and the CSVs people have, through the CLI", () => {
  const menu = (): string => {
    const lines = ["product,price,qty,amount"];
    const items: [string, number][] = [
      ["tea", 2],
      ["latte", 3.5],
      ["bagel", 3.99],
    ];
    for (let i = 0; i < 90; i++) {
      const [p, price] = items[i % 3]!;
      const qty = 1 + (i % 4);
      lines.push(`${p},${price.toFixed(2)},${qty},${(price * qty).toFixed(2)}`);
    }
    return lines.join("\n") + "\n";
  };

  it("lists what it finds and samples it exactly; a contradicted or misnamed constraint exits 2 and writes nothing", () => {
    tmp.file("menu.csv", menu());
    const fit = mimic("fit", "menu.csv", "--out", "menu.model.json");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toContain("* product -> price  (100%)");
    expect(fit.stdout).toContain("* amount = price * qty  (100%)");
    expect(mimic("sample", "menu.model.json", "--rows", "500", "--seed", "2", "--where", "price=3.99", "--out", "menu.out.csv").code).toBe(0);
    const c = readColumns("menu.out.csv");
    expect(new Set(c.get("product"))).toEqual(new Set(["bagel"]));
    expect(c.get("amount")!.every((a, i) => Math.abs(Number(a) - 3.99 * Number(c.get("qty")![i])) < 0.005)).toBe(true);
    tmp.file("wrong.yaml", "constraints:\n  - qty -> product\n");
    const wrong = mimic("fit", "menu.csv", "--metadata", "wrong.yaml", "--out", "wrong.model.json");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("[MODEL_CONSTRAINT_CONTRADICTED]");
    expect(wrong.stderr).toMatch(/"qty -> product" does not hold on 58 row\(s\), e\.g\. data row\(s\) 5, 6, 7, 8, 9/);
    expect(existsSync(join(tmp.dir, "wrong.model.json"))).toBe(false);
    tmp.file("typo.yaml", "constraints:\n  - prodcut -> price\n");
    const typo = mimic("fit", "menu.csv", "--metadata", "typo.yaml", "--out", "typo.model.json");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "product"?');
    expect(existsSync(join(tmp.dir, "typo.model.json"))).toBe(false);
  });

  it("refuses a file whose delimiter cannot be told, and reads a semicolon-separated one", () => {
    tmp.file("mixed.csv", "a;b|c\n1;2\n3|4|5\n");
    const mixed = mimic("fit", "mixed.csv", "--out", "mixed.model.json");
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("[CSV_UNKNOWN_DELIMITER]");
    expect(existsSync(join(tmp.dir, "mixed.model.json"))).toBe(false);
    tmp.file("semi.csv", ["city;score", ...Array.from({ length: 40 }, (_, i) => `${["Lyon", "Nantes", "Lille"][i % 3]};${i % 9}`)].join("\n") + "\n");
    const semi = mimic("fit", "semi.csv", "--out", "semi.model.json");
    expect(semi.code).toBe(0);
    expect(semi.stdout).toContain("fields are separated by a semicolon");
  });
});
