import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseReadingsCsv, readReadingsCsvFile, type ReadingColumns } from "./readings-csv.js";

const dir = mkdtempSync(join(tmpdir(), "mimic-readings-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Per group: device, kind and the first `length` values of every column, as plain arrays. */
function plain(groups: Map<string, ReadingColumns>): unknown[] {
  return [...groups.values()].map((g) => ({
    device: g.device,
    kind: g.kind,
    times: Array.from(g.times.subarray(0, g.length)),
    fields: Object.fromEntries(Object.entries(g.fields).map(([f, v]) => [f, Array.from(v.subarray(0, g.length))])),
  }));
}

// `mimic generate iot`'s shape: quoted strings (one device name with a comma and a doubled quote,
// one with a line break), CRLF line ends.
function iotCsv(rows: number): string {
  const devices = ["rp1", '"rp,2 ""east"""', '"rp\n3"'];
  const lines = ["reading_id,device,type,timestamp,temperature,humidity,motion,light,fault,room,true_time"];
  for (let i = 0; i < rows; i++) {
    const device = devices[i % 3]!;
    const kind = i % 5 === 0 ? '"Onyehn_PIR"' : '"DHT22"';
    const dht = kind === '"DHT22"';
    lines.push(
      `"id${i}",${device},${kind},${1_557_619_200 + i * 2.5},${dht ? 20 + (i % 7) / 10 : ""},${dht ? 50 + (i % 11) / 10 : ""},${dht ? "" : i % 2 === 0},,"","room-1",""`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}

describe("readReadingsCsvFile", () => {
  it("streams in blocks to the very columns one parse of the whole file gives, whatever the block size", async () => {
    const path = join(dir, "iot.csv");
    writeFileSync(path, iotCsv(2000));
    const whole = plain(parseReadingsCsv(readFileSync(path), "iot.csv"));
    expect(whole).toHaveLength(6);
    for (const block of [64, 1000, 4096, 1 << 20]) expect(plain(await readReadingsCsvFile(path, "iot.csv", new Map(), block)), `block ${block}`).toEqual(whole);
  });

  it("names the file's own line of a bad row in a later block", async () => {
    const lines = iotCsv(300).split("\r\n");
    // Row 201, in a later block: the message numbers it as the whole-file parse does.
    const at = lines.findIndex((l) => l.startsWith('"id200",'));
    lines[at] = lines[at]!.replace(/,1557\d+(\.\d+)?,/, ",yesterday,");
    const path = join(dir, "bad.csv");
    writeFileSync(path, lines.join("\r\n"));
    const whole = (() => {
      try {
        parseReadingsCsv(readFileSync(path), "bad.csv");
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(whole).toMatch(/line \d+: the timestamp is not epoch seconds/);
    await expect(readReadingsCsvFile(path, "bad.csv", new Map(), 256)).rejects.toThrow(whole);
  });
});
