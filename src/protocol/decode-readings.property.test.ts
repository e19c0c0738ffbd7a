import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMimicError } from "../errors/index.js";
import { decodeReadings, type BodyEncoding, type IngestTarget } from "./decode-readings.js";
import { firstDuplicateKey } from "./json-shape.js";
import { seedDhtProtobuf } from "./test-support/seed-payloads.js";

const opts = { receivedAt: Date.UTC(2024, 0, 1), maxFutureSkewSeconds: 86_400, maxBatchReadings: 50, retentionSeconds: 90 * 86_400 };
const targets: IngestTarget[] = [
  { kind: "any" },
  { kind: "batch" },
  { kind: "sensor", sensor: "DHT22" },
  { kind: "sensor", sensor: "PIR" },
  { kind: "sensor", sensor: "LIGHT" },
];

/** Decoding either yields valid readings or a client error (4xx MimicError) — never anything else. */
function onlyClientErrors(body: Uint8Array, encoding: BodyEncoding, target: IngestTarget): void {
  try {
    const readings = decodeReadings(body, encoding, target, opts);
    for (const r of readings) {
      expect(r.id).toMatch(/^[0-9a-f]{32}$/);
      expect(Number.isFinite(r.timestamp)).toBe(true);
    }
  } catch (error) {
    if (!isMimicError(error)) throw error;
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
  }
}

describe("decoders under random input", () => {
  it("random bytes give readings or a 4xx, for every encoding and path", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(...targets),
        fc.constantFrom<BodyEncoding>("json", "protobuf"),
        (bytes, target, encoding) => {
          onlyClientErrors(bytes, encoding, target);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("mutated seed protobuf gives readings or a 4xx", () => {
    const seed = seedDhtProtobuf();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(seed.length), (edits, cut) => {
        const bytes = Buffer.from(seed);
        for (const [at, value] of edits) bytes[at] = value;
        onlyClientErrors(bytes.subarray(0, cut), "protobuf", { kind: "sensor", sensor: "DHT22" });
      }),
      { numRuns: 2000 },
    );
  });

  it("random JSON values (also double-encoded) give readings or a 4xx", () => {
    const reading = fc.record(
      {
        device: fc.oneof(fc.string(), fc.constant("rp1")),
        type: fc.oneof(fc.string(), fc.constantFrom("DHT22", "Onyehn_PIR", "Anmbest_MD46N")),
        timestamp: fc.oneof(fc.double(), fc.jsonValue()),
        data: fc.oneof(fc.jsonValue(), fc.record({ temperature: fc.double(), humidity: fc.double() })),
        id: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), reading, fc.array(reading, { maxLength: 60 })),
        fc.boolean(),
        fc.constantFrom(...targets),
        (value, twice, target) => {
          const text = JSON.stringify(twice ? JSON.stringify(value) : value) ?? "null";
          onlyClientErrors(Buffer.from(text), "json", target);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("JSON text with repeated keys, deep nesting and brackets in strings gives readings or a 4xx", () => {
    const key = fc.constantFrom("device", "type", "timestamp", "data", "id", "temperature", "humidity", "x");
    const leaf = fc.oneof(fc.double(), fc.constantFrom('"rp1"', '"DHT22"', '"[{\\"}"', "true", "null", "1700000000"));
    // Objects and arrays written as text so that keys can repeat (JSON.stringify never repeats one).
    const text: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf.map(String),
        fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((members) => `{${members.map(([k, v]) => `"${k}":${v}`).join(",")}}`),
        fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
      ),
    })).value;
    fc.assert(
      fc.property(text, fc.boolean(), fc.constantFrom(...targets), (body, twice, target) => {
        onlyClientErrors(Buffer.from(twice ? JSON.stringify(body) : body), "json", target);
        // Whatever is accepted had no key twice: the cheap count never lets a duplicate through.
        if (firstDuplicateKey(body) !== undefined) expect(() => decodeReadings(Buffer.from(body), "json", target, opts)).toThrow(/twice|deep|JSON|batch/);
      }),
      { numRuns: 3000 },
    );
  });
});
