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

  it("uses the asked kind's fields as CSV columns, also for an empty answer", () => {
    expect(readingsToCsv({ rows: [], bucketed: false, kind: "DHT22" })).toBe("device,type,timestamp,temperature,humidity\r\n");
    expect(readingsToCsv({ rows: [], bucketed: true, kind: "PIR" })).toBe("device,type,bucket,count,motion_mean,motion_min,motion_max\r\n");
  });

  it("writes bucket means without the float noise of summing", () => {
    const buckets: BucketRow[] = [
      {
        device: "rp1",
        kind: "DHT22",
        bucket: 0,
        count: 36,
        fields: { temperature: { mean: 20.174999999999997, min: 20, max: 20.5 }, humidity: { mean: 34.59166666666667, min: 33.6, max: 35.4 } },
      },
    ];
    expect(readingsToCsv({ rows: buckets, bucketed: true }).split("\r\n")[1]).toBe("rp1,DHT22,0,36,20.175,20,20.5,34.5916666667,33.6,35.4");
    const json = JSON.parse(readingsToJson({ rows: buckets, bucketed: true })) as { buckets: { temperature: { mean: number } }[] };
    expect(json.buckets[0]!.temperature.mean).toBe(20.175);
  });

  it("writes buckets with mean/min/max per field", () => {
    const buckets: BucketRow[] = [
      {
        device: "rp1",
        kind: "DHT22",
        bucket: 1557585000,
        count: 2,
        fields: { temperature: { mean: 17, min: 16, max: 18 }, humidity: { mean: 60, min: 50, max: 70 } },
      },
    ];
    expect(readingsToCsv({ rows: buckets, bucketed: true }).split("\r\n")[1]).toBe("rp1,DHT22,1557585000,2,17,16,18,60,50,70");
    expect(JSON.parse(readingsToJson({ rows: buckets, bucketed: true }))).toEqual({
      success: true,
      count: 1,
      buckets: [
        { device: "rp1", type: "DHT22", bucket: 1557585000, count: 2, temperature: { mean: 17, min: 16, max: 18 }, humidity: { mean: 60, min: 50, max: 70 } },
      ],
    });
  });
});
