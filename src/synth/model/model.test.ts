import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import type { ColumnBatch, ColumnVector } from "../batch.js";
import { createRandom } from "../../random/index.js";
import { createChunkEncoder } from "../writers/index.js";
import { parseConditions } from "./conditions.js";
import { fitModel } from "./fit.js";
import { pearson } from "../../numeric/index.js";
import { readCsvTable, type RawTable } from "./internal/read-csv.js";
import { parseMetadata } from "./metadata.js";
import { validateModel } from "./model-file.js";
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type Model, type ModelColumn } from "./model-types.js";
import { modelGenerator } from "./sampler.js";
import { tempDir } from "./test-support/temp-csv.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A table with known structure: income rises with age, CA is chosen by the rich. */
function people(rows: number): string {
  const rng = createRandom(7);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const lines = ["id,age,income,state,member,signup,email,note,country,empty"];
  for (let i = 0; i < rows; i++) {
    const z = normal();
    const age = Math.round(Math.min(80, Math.max(18, 45 + 12 * z)));
    const income = Math.max(1000, 30000 + 900 * (age - 18) + 8000 * normal());
    const state = income > 65000 ? "CA" : rng.next() < 0.5 ? "TX" : "NY";
    const day = new Date(Date.UTC(2020, 0, 1) + rng.int(0, 700) * 86_400_000).toISOString().slice(0, 10);
    const note = Array.from({ length: rng.int(2, 6) }, () => ["good", "bad", "service", "price", "fast", "slow"][rng.int(0, 5)]).join(" ");
    lines.push([i + 1, age, income.toFixed(2), state, rng.next() < 0.3 ? "true" : "false", day, `user${i}@mail.org`, note, "US", ""].join(","));
  }
  return lines.join("\n") + "\n";
}

let table: RawTable;
let model: Model;

function values(v: ColumnVector): (string | number | null)[] {
  const out: (string | number | null)[] = [];
  const n =
    v.values instanceof Float64Array || v.values instanceof Uint8Array ? v.values.length : Array.isArray(v.values) ? v.values.length : v.values.codes.length;
  for (let i = 0; i < n; i++) {
    if (v.nulls?.[i]) out.push(null);
    else if (Array.isArray(v.values)) out.push(v.values[i]!);
    else if (v.values instanceof Float64Array || v.values instanceof Uint8Array) out.push(v.values[i]!);
    else out.push(v.values.dictionary[v.values.codes[i]!]!);
  }
  return out;
}

/** A column's values; words of a numeric dictionary column (a small-range number) read as numbers. */
const col = (batch: ColumnBatch, name: string): (string | number | null)[] => {
  const index = model.columns.findIndex((c) => c.name === name);
  const type = modelGenerator(model, { seed: 0 }).shape.columns[index]!.type;
  const out = values(batch.columns[index]!);
  return type === "int" || type === "float" ? out.map((v) => (typeof v === "string" ? Number(v) : v)) : out;
};

beforeAll(async () => {
  table = await readCsvTable(tmp.file("people.csv", people(3000)));
  model = fitModel(table).model;
});

describe("fitModel", () => {
  it("infers each column's type and says what it does with it", () => {
    const { columns } = fitModel(table);
    expect(Object.fromEntries(columns.map((c) => [c.name, c.type]))).toEqual({
      id: "identifier",
      age: "integer",
      income: "numeric",
      state: "categorical",
      member: "boolean",
      signup: "datetime",
      email: "email",
      note: "text",
      country: "constant",
      empty: "empty",
    });
    const drawnGiven = model.notices.filter((n) => n.message.startsWith("drawn given"));
    expect(
      model.notices
        .filter((n) => !drawnGiven.includes(n))
        .map((n) => n.column)
        .sort(),
    ).toEqual(["country", "email", "empty", "id", "note"]);
    // state is CA exactly when income > 65,000: income (and age, through it) are drawn given the state.
    expect(drawnGiven.map((n) => n.column)).toContain("income");
  });

  it("replaces first_name and last_name columns (one word each) by generators, keeping no real name", async () => {
    const real = ["Zebulon Quimby", "Ottoline Vantreight", "Percival Ashdown", "Wilhelmina Crabtree"];
    const lines = [
      "first_name,last_name,score",
      ...Array.from({ length: 200 }, (_, i) => `${real[i % 4]!.split(" ")[0]},${real[(i * 3) % 4]!.split(" ")[1]},${i % 7}`),
    ];
    const named = await readCsvTable(tmp.file("named.csv", lines.join("\n") + "\n"));
    const fitted = fitModel(named);
    expect(Object.fromEntries(fitted.columns.map((c) => [c.name, c.type]))).toMatchObject({ first_name: "first_name", last_name: "last_name" });
    const text = JSON.stringify(fitted.model);
    for (const word of real.flatMap((n) => n.split(" "))) expect(text).not.toContain(word);
    const batch = modelGenerator(fitted.model, { seed: 1 }).generateChunk(0, 50);
    for (const v of values(batch.columns[0]!)) expect(v).toMatch(/^[A-Z][a-z]+$/);
    for (const v of values(batch.columns[1]!)) expect(real.some((n) => n.endsWith(` ${String(v)}`))).toBe(false);
  });

  it("writes a model that validates after a JSON round trip and holds no real rows", () => {
    const back = validateModel(JSON.parse(JSON.stringify(model)));
    expect(back.copula.columns).toEqual(["age", "income", "state", "member", "signup"]);
    const text = JSON.stringify(model);
    expect(text).not.toContain("user1@mail.org");
    const r = model.copula.correlation;
    expect(r[0]![1]).toBeGreaterThan(0.6); // age ~ income
  });

  it("refuses tables it cannot learn from", async () => {
    const one = await readCsvTable(tmp.file("one.csv", "a,b\n1,2\n"));
    expect(() => fitModel(one)).toThrow(expect.objectContaining({ code: "MODEL_TOO_FEW_ROWS" }) as Error);
    const constant = await readCsvTable(tmp.file("const.csv", "a,b\n1,\n1,\n1,\n"));
    expect(() => fitModel(constant)).toThrow(expect.objectContaining({ code: "MODEL_NO_COLUMNS" }) as Error);
  });

  it("applies metadata overrides and reports values that do not fit them", async () => {
    const t = await readCsvTable(tmp.file("zip.csv", "zip,v\n10001,1\n10002,2\n10001,3\n94105,4\n"));
    const m = fitModel(t, parseMetadata({ columns: { zip: { type: "categorical" } } }, ["zip", "v"])).model;
    expect(m.columns[0]).toMatchObject({ kind: "categorical", values: ["10001", "10002", "94105"] });
    const words = await readCsvTable(tmp.file("words.csv", "a,b\nx,1\ny,2\nz,3\n"));
    const err = (() => {
      try {
        fitModel(words, parseMetadata({ columns: { a: { type: "numeric" } } }, ["a", "b"]));
      } catch (e) {
        return e as MimicError;
      }
      return undefined;
    })();
    expect(err?.code).toBe("MODEL_BAD_METADATA");
    expect(err?.issues[0]?.path).toBe("columns.a");
    expect(() => parseMetadata({ columns: { nope: { type: "wat" } } }, ["a"])).toThrow(expect.objectContaining({ code: "MODEL_BAD_METADATA" }) as Error);
  });
});

describe("metadata is checked strictly", () => {
  const issuesOf = (run: () => unknown): { path: string; message: string }[] => {
    try {
      run();
    } catch (e) {
      expect((e as MimicError).code).toBe("MODEL_BAD_METADATA");
      return [...(e as MimicError).issues];
    }
    throw new Error("expected MODEL_BAD_METADATA");
  };
  const names = ["date", "precipitation", "wind", "weather"];

  it("names an unknown key (with the likely one) instead of saying the type is wrong", () => {
    expect(issuesOf(() => parseMetadata({ columns: { wind: { typ: "drop" } } }, names))).toEqual([
      expect.objectContaining({ path: "columns.wind.typ", message: expect.stringContaining("unknown key typ (did you mean type?)") as string }),
    ]);
    expect(issuesOf(() => parseMetadata({ colums: { wind: { type: "drop" } } }, names))[0]?.message).toContain("unknown key colums (did you mean columns?)");
    expect(issuesOf(() => parseMetadata({ columns: { wind: { type: "categorial" } } }, names))[0]?.message).toContain("did you mean categorical?");
  });

  it("refuses a format it cannot read, saying which ones it can, instead of blaming the values", () => {
    const [issue] = issuesOf(() => parseMetadata({ columns: { date: { type: "datetime", format: "%Y-%m-%d" } } }, names));
    expect(issue?.path).toBe("columns.date.format");
    expect(issue?.message).toMatch(/^unknown format "%Y-%m-%d" \(did you mean YYYY-MM-DD\?\); supported: .*DD\/MM\/YYYY/);
    for (const format of ["DD/MM/YYYY", "YYYY-MM-DD", "YYYYMMDD", "DD-MM-YYYY HH:mm", "YYYY-MM-DDTHH:mm:ss.SSSZ", "M/D/YYYY H:mm", "H:mm"]) {
      expect(parseMetadata({ columns: { date: { type: "datetime", format } } }, names).get("date")).toEqual({ type: "datetime", format });
    }
  });

  it("reports values that do not fit boolean or integer instead of accepting or rounding them", async () => {
    const weather = ["drizzle", "rain", "sun", "snow", "fog"];
    const lines = ["precipitation,weather,flag,count"];
    for (let i = 0; i < 60; i++) lines.push(`${(i * 0.7).toFixed(1)},${weather[i % 5]},${i % 2 ? "yes" : "no"},${i % 9}.0`);
    const t = await readCsvTable(tmp.file("meta-types.csv", lines.join("\n") + "\n"));
    const meta = parseMetadata(
      { columns: { weather: { type: "boolean" }, precipitation: { type: "integer" } } },
      t.columns.map((c) => c.name),
    );
    const issues = issuesOf(() => fitModel(t, meta));
    expect(issues.map((i) => i.path).sort()).toEqual(["columns.precipitation", "columns.weather"]);
    expect(issues.find((i) => i.path === "columns.weather")?.message).toMatch(/has 5 distinct values .*boolean takes at most two — use type categorical/);
    expect(issues.find((i) => i.path === "columns.precipitation")?.message).toMatch(/values such as "0\.7", .* are not whole numbers; use type numeric/);
    // What does fit is still accepted: two values as boolean, whole numbers written as 3.0 as integer.
    const ok = fitModel(
      t,
      parseMetadata(
        { columns: { flag: { type: "boolean" }, count: { type: "integer" } } },
        t.columns.map((c) => c.name),
      ),
    );
    expect(ok.columns.map((c) => c.type)).toEqual(["numeric", "categorical", "boolean", "integer"]);
  });
});

describe("modelGenerator", () => {
  it("respects ranges, integer-ness, decimal places and keeps the correlation", () => {
    const batch = modelGenerator(model, { seed: 1 }).generateChunk(0, 10_000);
    const age = col(batch, "age") as number[];
    const income = col(batch, "income") as number[];
    const ageRange = model.columns.find((c) => c.name === "age")!;
    expect(ageRange.kind).toBe("continuous");
    if (ageRange.kind !== "continuous") return;
    for (const a of age) expect(Number.isInteger(a) && a >= ageRange.min && a <= ageRange.max).toBe(true);
    for (const x of income) expect(Math.abs(x * 100 - Math.round(x * 100))).toBeLessThan(1e-6);
    const realAge = table.columns[1]!,
      realIncome = table.columns[2]!;
    if (realAge.storage !== "numeric" || realIncome.storage !== "numeric") throw new Error("fixture");
    const real = pearson(realAge.values, realIncome.values);
    const synth = pearson(Float64Array.from(age), Float64Array.from(income));
    expect(Math.abs(real - synth)).toBeLessThan(0.08);
  });

  it("regenerates identifiers unique, replaces personal data and keeps constants", () => {
    const gen = modelGenerator(model, { seed: 1, chunkSize: 1000 });
    const ids = [...(col(gen.generateChunk(0, 1000), "id") as number[]), ...(col(gen.generateChunk(1, 1000), "id") as number[])];
    expect(new Set(ids).size).toBe(2000);
    const batch = gen.generateChunk(0, 1000);
    for (const e of col(batch, "email")) expect(String(e)).toMatch(/^[a-z]+\.[a-z]+\d+@example\.com$/);
    expect(new Set(col(batch, "country"))).toEqual(new Set(["US"]));
    expect(new Set(col(batch, "empty"))).toEqual(new Set([null]));
    // A date-only format is a date column: whole days since the epoch, within the observed range.
    expect(gen.shape.columns.find((c) => c.name === "signup")).toMatchObject({ type: "date", format: "YYYY-MM-DD" });
    for (const d of col(batch, "signup") as number[]) {
      expect(Number.isInteger(d)).toBe(true);
      expect(d * 86_400_000 >= Date.UTC(2020, 0, 1) && d * 86_400_000 <= Date.UTC(2021, 11, 1)).toBe(true);
    }
  });

  it("is deterministic by seed and chunk, whatever the order chunks are made in", () => {
    const a = modelGenerator(model, { seed: 5, chunkSize: 500 });
    const b = modelGenerator(model, { seed: 5, chunkSize: 500 });
    const c = modelGenerator(model, { seed: 6, chunkSize: 500 });
    b.generateChunk(0, 500);
    expect(col(a.generateChunk(3, 500), "income")).toEqual(col(b.generateChunk(3, 500), "income"));
    expect(col(a.generateChunk(3, 500), "income")).not.toEqual(col(c.generateChunk(3, 500), "income"));
  });

  it("samples conditions exactly, and the rest of the row follows them", () => {
    const all = col(modelGenerator(model, { seed: 2 }).generateChunk(0, 5000), "income") as number[];
    const gen = modelGenerator(model, { seed: 2, conditions: parseConditions(model, ["state=CA"]) });
    const batch = gen.generateChunk(0, 5000);
    expect(new Set(col(batch, "state"))).toEqual(new Set(["CA"]));
    const ca = col(batch, "income") as number[];
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(ca)).toBeGreaterThan(mean(all) + 5_000);
    const two = modelGenerator(model, { seed: 2, conditions: parseConditions(model, ["state=TX,member=true"]) }).generateChunk(0, 2000);
    expect(new Set(col(two, "state"))).toEqual(new Set(["TX"]));
    expect(new Set(col(two, "member"))).toEqual(new Set(["true"]));
  });

  it("refuses conditions it cannot honour", () => {
    for (const where of ["nope=1", "state=ZZ", "income=5", "state"]) {
      expect(() => parseConditions(model, [where])).toThrow(expect.objectContaining({ code: "MODEL_BAD_CONDITION" }) as Error);
    }
  });
});

describe("--where values with commas", () => {
  let cities: Model;
  beforeAll(async () => {
    const names = ["New York, NY", "Boston, MA", "Austin, TX", 'Quote "Q", QC'];
    const lines = ["city,state,size"];
    for (let i = 0; i < 400; i++) lines.push(`"${names[i % 4]!.replace(/"/g, '""')}",${["NY", "MA", "TX", "QC"][i % 4]},${(i % 4) * 10 + (i % 7)}`);
    cities = fitModel(await readCsvTable(tmp.file("cities.csv", lines.join("\n") + "\n"))).model;
  });
  const chosen = (where: string[]): string[] =>
    parseConditions(cities, where).map(
      (c) => `${c.column}=${String((cities.columns.find((m) => m.name === c.column) as { values: unknown[] }).values[c.valueIndex])}`,
    );

  it("takes the whole text after = as the value when it is one, and commas still separate other clauses", () => {
    expect(chosen(["city=New York, NY"])).toEqual(["city=New York, NY"]);
    expect(chosen(["city=New York, NY,state=NY"])).toEqual(["city=New York, NY", "state=NY"]);
    expect(chosen(["state=MA, city=Boston, MA"])).toEqual(["state=MA", "city=Boston, MA"]);
    expect(chosen(['city="Austin, TX",state=TX'])).toEqual(["city=Austin, TX", "state=TX"]);
    expect(chosen(['city="Quote ""Q"", QC"'])).toEqual(['city=Quote "Q", QC']);
    expect(chosen(["state=NY", "city=New York, NY"])).toEqual(["state=NY", "city=New York, NY"]);
  });

  it("lists the values quoted when one never occurs, so values with commas read unambiguously", () => {
    const err = (() => {
      try {
        parseConditions(cities, ["city=New York"]);
      } catch (e) {
        return e as MimicError;
      }
      return undefined;
    })();
    expect(err?.code).toBe("MODEL_BAD_CONDITION");
    expect(err?.message).toContain('"New York" never occurs in "city"');
    expect(err?.message).toContain('"New York, NY", ');
    expect(err?.message).toContain('"Boston, MA"');
  });
});

describe("validateModel", () => {
  const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(model)) as Record<string, unknown>;

  it("refuses another version and non-models", () => {
    expect(() => validateModel({ ...clone(), version: MODEL_FORMAT_VERSION + 1 })).toThrow(expect.objectContaining({ code: "MODEL_VERSION" }) as Error);
    expect(() => validateModel({ hello: 1 })).toThrow(expect.objectContaining({ code: "MODEL_INVALID" }) as Error);
  });

  it("lists every inconsistency of a hand-edited model", () => {
    const m = clone() as unknown as Model;
    m.copula.correlation[0]![1] = 0.99;
    m.copula.correlation[1]![0] = 0.99;
    m.copula.correlation[0]![2] = -0.99;
    m.copula.correlation[2]![0] = -0.99;
    m.copula.correlation[1]![2] = 0.99;
    m.copula.correlation[2]![1] = 0.99;
    try {
      validateModel(m);
      expect.unreachable();
    } catch (e) {
      expect((e as MimicError).code).toBe("MODEL_INVALID");
      expect((e as MimicError).issues.map((i) => i.path)).toContain("copula.correlation");
    }
    const p = clone() as unknown as Model;
    const state = p.columns.find((c) => c.name === "state")!;
    if (state.kind === "categorical") state.probabilities[0] = 5;
    expect(() => validateModel(p)).toThrow(expect.objectContaining({ code: "MODEL_INVALID" }) as Error);
  });
});

describe("small-range numbers as dictionary words", () => {
  const continuous = (name: string, integer: boolean, decimals: number, min: number, max: number): ModelColumn => ({
    name,
    kind: "continuous",
    nullRate: name === "score" ? 0.1 : 0,
    integer,
    decimals,
    min,
    max,
    marginal: { family: "uniform" },
    ks: 0,
  });
  const small: Model = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    rows: 100,
    notices: [],
    columns: [continuous("count", true, 0, -5, 40), continuous("score", false, 2, -3.5, 7.25), continuous("wide", false, 2, -1e6, 1e6)],
    copula: {
      columns: ["count", "score", "wide"],
      correlation: [
        [1, 0.5, 0],
        [0.5, 1, 0],
        [0, 0, 1],
      ],
    },
  };

  it("writes the very bytes the number would be written as (CSV and JSON Lines)", () => {
    const gen = modelGenerator(small, { seed: 3 });
    const batch = gen.generateChunk(0, 5000);
    expect(batch.columns.map((c) => (Array.isArray(c.values) || c.values instanceof Float64Array ? "plain" : "dictionary"))).toEqual([
      "dictionary",
      "dictionary",
      "plain",
    ]);
    // The same rows with every column as plain doubles, as before the dictionary form existed.
    const plain: ColumnBatch = {
      ...batch,
      columns: batch.columns.map((c) => {
        const v = c.values;
        if (v instanceof Float64Array || Array.isArray(v) || v instanceof Uint8Array) return c;
        return { ...c, values: Float64Array.from(v.codes, (code) => Number(v.dictionary[code])) };
      }),
    };
    const score = values(plain.columns[1]!).filter((x): x is number => typeof x === "number");
    expect(Math.min(...score)).toBeLessThan(0);
    expect(score.every((x) => x >= -3.5 && x <= 7.25 && Math.abs(x * 100 - Math.round(x * 100)) < 1e-9)).toBe(true);
    for (const dialect of ["csv", "jsonl"] as const) {
      const a = createChunkEncoder(dialect, gen.shape).encode(batch);
      const b = createChunkEncoder(dialect, gen.shape).encode(plain);
      expect(a.toString("utf8")).toBe(b.toString("utf8"));
    }
  });
});
