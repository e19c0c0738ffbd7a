import { describe, expect, it } from "vitest";
import { MimicError } from "../errors/index.js";
import { decodeReadings, type DecodeOptions } from "./decode-readings.js";
import { countMembers, firstDuplicateKey, scanJsonBytes, scanJsonShape } from "./json-shape.js";

const NOW = Date.UTC(2019, 4, 11, 15, 0, 0);
const opts: DecodeOptions = { receivedAt: NOW, maxFutureSkewSeconds: 86_400, maxBatchReadings: 5000 };
const READING = { device: "rp1", type: "DHT22", timestamp: 1557585090.5, data: { temperature: 17.1, humidity: 68.1 } };

function failure(body: string): MimicError {
  try {
    decodeReadings(Buffer.from(body), "json", { kind: "any" }, opts);
  } catch (error) {
    if (error instanceof MimicError) return error;
    throw error;
  }
  throw new Error(`expected a MimicError for ${body.slice(0, 80)}`);
}

describe("duplicate JSON keys", () => {
  it("are refused with INGEST_DUPLICATE_KEY naming the key, at the top (the last no longer wins silently)", () => {
    const e = failure('{"device":"other","device":"rp1","type":"DHT22","timestamp":1557585090.5,"data":{"temperature":1,"humidity":2}}');
    expect([e.code, e.status, e.issues]).toEqual(["INGEST_DUPLICATE_KEY", 400, [expect.objectContaining({ code: "duplicate_key", path: "device" })]]);
  });

  it("are refused inside data, inside a batch and inside the seed's double-encoded string", () => {
    const data = '{"device":"rp1","type":"DHT22","timestamp":1557585090.5,"data":{"temperature":1,"humidity":2,"humidity":3}}';
    expect(failure(data).issues.map((i) => i.path)).toEqual(["data.humidity"]);
    expect(failure(`[${JSON.stringify(READING)},${data}]`).issues.map((i) => i.path)).toEqual(["[1].data.humidity"]);
    expect(failure(JSON.stringify(data)).code).toBe("INGEST_DUPLICATE_KEY");
  });

  it("are told apart from keys that only look alike: escapes, colons and quotes inside strings", () => {
    const tricky = { ...READING, id: 'a:"b\\":{[' };
    expect(decodeReadings(Buffer.from(JSON.stringify(tricky)), "json", { kind: "any" }, opts)).toHaveLength(1);
    // "devic\u0065" is "device" once decoded: a duplicate, however it is spelt.
    expect(failure('{"device":"rp1","devic\\u0065":"rp1","type":"DHT22","timestamp":1557585090.5,"data":{"temperature":1,"humidity":2}}').code).toBe(
      "INGEST_DUPLICATE_KEY",
    );
  });

  it("are counted the same way by the scan and by the parsed value", () => {
    const texts = ['{"a":1,"b":{"c":":"}}', '[{"a":"\\\\"},{"b":[1,{"c":2}]}]', '"{\\"a\\":1}"', "[]", '{"":{"":""}}'];
    for (const text of [...texts, '{"é":"ü:\\"","ü":{"x":"\u00e9"}}']) {
      expect(scanJsonShape(text, 10), text).toBe(countMembers(JSON.parse(text)));
      expect(scanJsonBytes(Buffer.from(text), 10), text).toBe(countMembers(JSON.parse(text)));
    }
    expect(firstDuplicateKey('[{"a":1},{"a":1,"b":{"x":1,"x":2}}]')).toBe("[1].b.x");
    expect(firstDuplicateKey('{"a":[{"k":1},{"k":2}],"b":1}')).toBeUndefined();
  });
});

describe("nesting deeper than a reading", () => {
  it("is refused before parsing: 4 MiB of [ is INGEST_TOO_DEEP, not the parser's verdict", () => {
    const e = failure("[".repeat(4 * 1024 * 1024));
    expect([e.code, e.status]).toEqual(["INGEST_TOO_DEEP", 400]);
    // Invalid after the fourth bracket: the parser never saw it.
    expect(failure('[[[[ not json at all "').code).toBe("INGEST_TOO_DEEP");
  });

  it("allows exactly what a reading needs (a batch of readings with data) and nothing deeper", () => {
    expect(decodeReadings(Buffer.from(JSON.stringify([READING])), "json", { kind: "any" }, opts)).toHaveLength(1);
    expect(failure(JSON.stringify([{ ...READING, data: { temperature: [17.1], humidity: 68.1 } }])).code).toBe("INGEST_TOO_DEEP");
    expect(failure(JSON.stringify(JSON.stringify([{ ...READING, data: { temperature: { v: 1 } } }]))).code).toBe("INGEST_TOO_DEEP");
  });

  it("ignores brackets inside strings", () => {
    expect(decodeReadings(Buffer.from(JSON.stringify({ ...READING, id: "[[[[{{{{" })), "json", { kind: "any" }, opts)).toHaveLength(1);
  });
});

describe("unknown fields at every level", () => {
  it("an object where data holds a value is refused as invalid_type, naming the field (nothing inside it is dropped unseen)", () => {
    const e = failure(JSON.stringify({ ...READING, data: { temperature: { value: 17.1, unit: "C" }, humidity: 68.1 } }));
    expect([e.code, e.issues.map((i) => [i.code, i.path])]).toEqual(["INGEST_INVALID", [["invalid_type", "data.temperature"]]]);
  });

  it("the top level, data, and each reading of a batch are all checked in one answer", () => {
    const e = failure(
      JSON.stringify([
        { ...READING, extra: 1 },
        { ...READING, data: { ...READING.data, pressure: 1 } },
      ]),
    );
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ["unknown_field", "[0].extra"],
      ["unknown_field", "[1].data.pressure"],
    ]);
  });
});
