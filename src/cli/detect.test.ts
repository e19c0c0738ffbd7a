import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../telemetry/adapters/index.js";
import { dht } from "../telemetry/adapters/test-support/readings-fixture.js";
import { runCli } from "./run-cli.js";

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await runCli(["detect", ...argv], {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
    cwd,
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

// One DHT22 as `mimic generate iot` writes it: 400 readings every 27–29 s, a spike at reading 200
// (labelled), 30 stuck readings from 300 (labelled), and a 10-minute dropout after reading 100.
const T0 = 1_557_619_200;
function iotCsv(): { csv: string; rows: { t: number; fault: string }[] } {
  const rows: { id: string; t: number; temp: number; hum: number; fault: string }[] = [];
  let t = T0;
  for (let i = 0; i < 400; i++) {
    t += 27 + (i % 3);
    if (i === 101) t += 600;
    let temp = 21 + ((i * 3) % 5) / 10;
    let hum = 50 + ((i * 7) % 11) / 10;
    let fault = "";
    if (i === 200) {
      temp += 25;
      fault = "spike";
    }
    if (i >= 300 && i < 330) {
      temp = rows[299]!.temp;
      hum = rows[299]!.hum;
      fault = "stuck";
    }
    rows.push({ id: `id-${i}`, t, temp, hum, fault });
  }
  const iso = (s: number): string => new Date(s * 1000).toISOString();
  const csv = [
    '"reading_id","device","type","timestamp","temperature","humidity","motion","light","fault","room","true_time"',
    ...rows.map((r) => `"${r.id}","rp1","DHT22",${r.t},${r.temp.toFixed(1)},${r.hum.toFixed(1)},,,"${r.fault}","room-1","${iso(r.t)}"`),
  ].join("\n");
  return { csv: csv + "\n", rows };
}

const dir = mkdtempSync(join(tmpdir(), "mimic-detect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { csv, rows } = iotCsv();
writeFileSync(join(dir, "one.csv"), csv);

describe("mimic detect", () => {
  it("writes the events with their reading ids and scores them against the fault column", async () => {
    const r = await run(dir, "--in", "one.csv", "--out", "events.jsonl", "--score", "column");
    expect(r.err).toContain("mimic: 3 events in 400 readings");
    expect(r.code).toBe(0);
    const events = readFileSync(join(dir, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(events.map((e) => [e["kind"], e["first_reading_id"], e["last_reading_id"]])).toEqual([
      ["dropout", "id-100", "id-101"],
      ["spike", "id-200", "id-200"],
      ["stuck", "id-299", "id-329"],
    ]);
    expect(r.out).toMatch(/spike\s+1\s+1\s+1\s+1\.00\s+1\.00\s+1\.00/);
    expect(r.out).toMatch(/stuck\s+1\s+1\s+1\s+1\.00\s+1\.00\s+1\.00/);
    expect(r.out).toContain("dropouts are not scored");
  });

  it("scores a faults file, dropouts included, and writes CSV", async () => {
    const ms = (i: number): number => rows[i]!.t * 1000;
    const faults = [
      { device: "rp1", kind: "dropout", start: ms(100) + 5000, end: ms(101) - 5000, detail: {} },
      { device: "rp1", kind: "spike", start: ms(200), end: ms(200), detail: {} },
      { device: "rp1", kind: "stuck", start: ms(300), end: ms(329), detail: {} },
    ];
    writeFileSync(join(dir, "faults.jsonl"), faults.map((f) => JSON.stringify(f)).join("\n"));
    const r = await run(dir, "--in", "one.csv", "--out", "events.csv", "--score", "faults.jsonl", "--json");
    expect(r.code).toBe(0);
    const card = (JSON.parse(r.out) as { scorecard: { kinds: { kind: string; f1: number }[]; falseAlarms: number } }).scorecard;
    expect(card.kinds.filter((k) => k.f1 === 1).map((k) => k.kind)).toEqual(["stuck", "spike", "dropout"]);
    expect(card.falseAlarms).toBe(0);
    expect(readFileSync(join(dir, "events.csv"), "utf8").split("\n")[0]).toBe("device,sensor,kind,start,end,score,evidence,first_reading_id,last_reading_id");
  });

  it("reads the store (--data-dir) and finds the same faults, without reading ids", async () => {
    const data = join(dir, "store");
    const store = await openSqliteStore({ path: join(data, "mimic.db"), thread: "inline" });
    await store.init();
    const lines = csv.trim().split("\n").slice(1);
    await store.appendReadings(
      lines.map((line) => {
        const cells = line.split(",");
        return dht("rp1", Number(cells[3]), Number(cells[4]), Number(cells[5]));
      }),
    );
    await store.close();
    const r = await run(dir, "--data-dir", data, "--out", "store-events.jsonl");
    expect(r.code).toBe(0);
    const events = readFileSync(join(dir, "store-events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => [e["kind"], e["first_reading_id"]])).toEqual([
      ["dropout", null],
      ["spike", null],
      ["stuck", null],
    ]);
    expect((await run(dir, "--data-dir", data, "--score", "column")).err).toContain("[CLI_BAD_FLAG]");
  });

  it("reports a device with too few readings as such, not guessed", async () => {
    writeFileSync(join(dir, "short.csv"), csv.split("\n").slice(0, 21).join("\n") + "\n");
    const r = await run(dir, "--in", "short.csv");
    expect(r.code).toBe(0);
    expect(r.out).toContain("too few readings to judge");
  });

  it("refuses bad input with a clear message and exit 2", async () => {
    const lines = csv.trim().split("\n");
    writeFileSync(join(dir, "dup.csv"), [...lines, lines[5]].join("\n"));
    const shuffled = [lines[0]!, ...lines.slice(1).sort()];
    writeFileSync(join(dir, "sorted-by-id.csv"), shuffled.join("\n"));
    writeFileSync(join(dir, "other.jsonl"), JSON.stringify({ device: "rp-elsewhere", kind: "spike", start: 0, end: 0 }));
    writeFileSync(join(dir, "notjson.jsonl"), "device,kind\n");
    writeFileSync(join(dir, "unclosed.csv"), `${lines[0]}\n"id-0,"rp1","DHT22",1,2,3,,,"","room-1","x"\n`);
    writeFileSync(join(dir, "prose.md"), '# notes\n\nimport { a, b } from "x";\n');
    writeFileSync(join(dir, "bad-type.csv"), [lines[0], lines[1], lines[2]!.replace('"DHT22"', '"BME999"')].join("\n"));
    const cases: [string[], string][] = [
      [["--in", "dup.csv"], "DETECT_DUPLICATE_READINGS"],
      [["--in", "sorted-by-id.csv"], "DETECT_UNSORTED_INPUT"],
      [["--in", "one.csv", "--score", "other.jsonl"], "DETECT_BAD_LABELS"],
      [["--in", "one.csv", "--score", "notjson.jsonl"], "DETECT_BAD_LABELS"],
      [["--in", "one.csv", "--from", "2030-01-01T00:00:00Z"], "ANALYZE_NO_READINGS"],
      [["--in", "one.csv", "--out", "events.txt"], "CLI_BAD_FLAG"],
      [["--in", "missing.csv"], "IO_UNREADABLE"],
      [["--in", "unclosed.csv"], "ANALYZE_BAD_INPUT"],
      [["--in", "prose.md"], "ANALYZE_BAD_INPUT"],
      [["--in", "bad-type.csv"], "ANALYZE_BAD_INPUT"],
    ];
    for (const [argv, code] of cases) {
      const r = await run(dir, ...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err, argv.join(" ")).toContain(`[${code}]`);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expect((await run(dir, "--in", "bad-type.csv")).err).toContain("line 3 ");
  });

  it("reads a file with a byte-order mark and CRLF line ends as the plain one", async () => {
    writeFileSync(join(dir, "crlf.csv"), "\uFEFF" + csv.replace(/\n/g, "\r\n"));
    const plain = await run(dir, "--in", "one.csv", "--json");
    const crlf = await run(dir, "--in", "crlf.csv", "--json");
    expect(crlf.code).toBe(0);
    expect(crlf.out.replaceAll("crlf.csv", "one.csv")).toBe(plain.out);
  });
});
