import { describe, expect, it } from "vitest";
import type { BucketRow, ReadingRow } from "../ports.js";
import { readingsToCsv, readingsToJson } from "./format-readings.js";

const rows: ReadingRow[] = [
  { device: "rp1", kind: "DHT22", timestamp: 1557585090.476025, data: { temperature: 17.1, humidity: 68.1 } },
  { device: 'odd"id', kind: "PIR", timestamp: 1557585091, data: { motion: true } },
  { device: "rp1", kind: "LIGHT", timestamp: 1557585092, data: { light: false } },
];

describe("query formats", () => {
  it("writes flat JSON readings equal to JSON.stringify's", () => {
    const expected = { success: true, count: 3, readings: rows.map((r) => ({ device: r.device, type: r.kind, timestamp: r.timestamp, ...r.data })) };
    expect(readingsToJson({ rows, bucketed: false })).toBe(JSON.stringify(expected));
    expect(readingsToJson({ rows: [], bucketed: false })).toBe('{"success":true,"count":0,"readings":[]}');
    expect(readingsToJson({ rows: [], bucketed: true })).toBe('{"success":true,"count":0,"buckets":[]}');
  });

  it("writes RFC 4180 CSV with one column per field, quoting where needed", () => {
    expect(readingsToCsv({ rows, bucketed: false }).split("\r\n")).toEqual([
      "device,type,timestamp,temperature,humidity,motion,light",
      "rp1,DHT22,1557585090.476025,17.1,68.1,,",
      '"odd""id",PIR,1557585091,,,true,',
      "rp1,LIGHT,1557585092,,,,false",
      "",
    ]);
  });

  it("writes buckets with mean/min/max per field", () => {
    const buckets: BucketRow[] = [{ device: "rp1", kind: "DHT22", bucket: 1557585000, count: 2, fields: { temperature: { mean: 17, min: 16, max: 18 }, humidity: { mean: 60, min: 50, max: 70 } } }];
    expect(readingsToCsv({ rows: buckets, bucketed: true }).split("\r\n")[1]).toBe("rp1,DHT22,1557585000,2,17,16,18,60,50,70");
    expect(JSON.parse(readingsToJson({ rows: buckets, bucketed: true }))).toEqual({ success: true, count: 1, buckets: [{ device: "rp1", type: "DHT22", bucket: 1557585000, count: 2, temperature: { mean: 17, min: 16, max: 18 }, humidity: { mean: 60, min: 50, max: 70 } }] });
  });
});
