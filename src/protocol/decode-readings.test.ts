import { describe, expect, it } from "vitest";
import { MimicError } from "../errors/index.js";
import { ReadingBatch } from "../gen/sensors_pb.js";
import { decodeReadings, type DecodeOptions } from "./decode-readings.js";
import { readingId } from "./reading-id.js";
import { seedBooleanJsonBody, seedBooleanProtobuf, seedDhtProtobuf, seedJsonBody } from "./test-support/seed-payloads.js";

const NOW = Date.UTC(2019, 4, 11, 15, 0, 0);
const opts: DecodeOptions = { receivedAt: NOW, maxFutureSkewSeconds: 86_400, maxBatchReadings: 5000 };

function failure(fn: () => unknown): MimicError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MimicError) return error;
    throw error;
  }
  throw new Error("expected a MimicError");
}

describe("decodeReadings", () => {
  it("accepts the seed's double-encoded JSON body byte for byte", () => {
    const body = seedJsonBody();
    expect(body.toString()).toBe(
      String.raw`"{\"device\": \"rp829c7e0e\", \"type\": \"DHT22\", \"timestamp\": 1557585090.476025, \"data\": {\"temperature\": 17.1, \"humidity\": 68.1}}"`,
    );
    const [r] = decodeReadings(body, "json", { kind: "any" }, opts);
    expect(r).toEqual({
      id: readingId("rp829c7e0e", "DHT22", 1557585090.476025, { temperature: 17.1, humidity: 68.1 }),
      device: "rp829c7e0e",
      kind: "DHT22",
      typeLabel: "DHT22",
      timestamp: 1557585090.476025,
      receivedAt: NOW,
      data: { temperature: 17.1, humidity: 68.1 },
    });
  });

  it("refuses unknown data fields with INGEST_INVALID naming each one and the kind's fields, instead of dropping them", () => {
    const body = (data: object, type = "DHT22") => Buffer.from(JSON.stringify({ device: "rp1", type, timestamp: 1557585090.5, data }));
    const e = failure(() => decodeReadings(body({ temperature: 1, humidity: 2, pressure: 3 }), "json", { kind: "any" }, opts));
    expect(e.code).toBe("INGEST_INVALID");
    expect(e.issues).toEqual([
      expect.objectContaining({
        code: "unknown_field",
        path: "data.pressure",
        message: expect.stringContaining("DHT22 data has only temperature and humidity"),
      }),
    ]);
    const pir = failure(() => decodeReadings(body({ motion: true, light: false }, "PIR"), "json", { kind: "any" }, opts));
    expect(pir.issues.map((i) => [i.code, i.path])).toEqual([["unknown_field", "data.light"]]);
    const batch = Buffer.from(
      JSON.stringify([
        { device: "rp1", type: "DHT22", timestamp: 1557585090.5, data: { temperature: 1, humidity: 2 } },
        { device: "rp1", type: "DHT22", timestamp: 1557585091.5, data: { temperature: 1, humidity: 2, extra: null } },
      ]),
    );
    expect(failure(() => decodeReadings(batch, "json", { kind: "any" }, opts)).issues.map((i) => i.path)).toEqual(["[1].data.extra"]);
  });

  it("refuses timestamps before 2000-01-01 (an unsynced clock, 5e-324) as out_of_range", () => {
    for (const timestamp of [5e-324, 1, 946_684_799.9]) {
      const body = Buffer.from(JSON.stringify({ device: "rp1", type: "DHT22", timestamp, data: { temperature: 1, humidity: 2 } }));
      expect(
        failure(() => decodeReadings(body, "json", { kind: "any" }, opts)).issues.map((i) => [i.code, i.path]),
        String(timestamp),
      ).toEqual([["out_of_range", "timestamp"]]);
    }
    const ok = Buffer.from(JSON.stringify({ device: "rp1", type: "DHT22", timestamp: 946_684_800, data: { temperature: 1, humidity: 2 } }));
    expect(decodeReadings(ok, "json", { kind: "any" }, opts)).toHaveLength(1);
  });

  it("refuses timestamps older than the retention as too_old (the window's lower edge), and keeps 2000-01-01 when retention is off", () => {
    const at = (timestamp: number) => Buffer.from(JSON.stringify({ device: "rp1", type: "DHT22", timestamp, data: { temperature: 1, humidity: 2 } }));
    const window = { ...opts, retentionSeconds: 90 * 86_400 };
    const edge = NOW / 1000 - 90 * 86_400;
    expect(decodeReadings(at(edge), "json", { kind: "any" }, window)).toHaveLength(1);
    const old = failure(() => decodeReadings(at(edge - 1), "json", { kind: "any" }, window));
    expect([old.code, old.issues.map((i) => [i.code, i.path])]).toEqual(["INGEST_INVALID", [["too_old", "timestamp"]]]);
    expect(old.issues[0]!.message).toContain("90 days");
    expect(decodeReadings(at(edge - 1), "json", { kind: "any" }, { ...opts, retentionSeconds: 0 })).toHaveLength(1);
    expect(failure(() => decodeReadings(at(1), "json", { kind: "any" }, window)).issues.map((i) => i.code)).toEqual(["too_old"]);
    expect(failure(() => decodeReadings(at(NOW / 1000 + 86_401), "json", { kind: "any" }, window)).issues.map((i) => i.code)).toEqual(["in_future"]);
  });

  it("refuses unknown top-level fields too (they were dropped silently), naming each, in batches with their index", () => {
    const one = Buffer.from(JSON.stringify({ device: "rp1", type: "DHT22", timestamp: 1557585090.5, data: { temperature: 1, humidity: 2 }, tiemstamp: 5 }));
    const e = failure(() => decodeReadings(one, "json", { kind: "any" }, opts));
    expect([e.code, e.issues.map((i) => [i.code, i.path])]).toEqual(["INGEST_INVALID", [["unknown_field", "tiemstamp"]]]);
    const batch = Buffer.from(
      JSON.stringify([
        { device: "rp1", type: "DHT22", timestamp: 1557585090.5, data: { temperature: 1, humidity: 2 }, id: "a", kind: "DHT22" },
        { device: "rp1", type: "DHT22", timestamp: 1557585091.5, data: { temperature: 1, humidity: 2 }, owner: "x" },
      ]),
    );
    expect(failure(() => decodeReadings(batch, "json", { kind: "any" }, opts)).issues.map((i) => i.path)).toEqual(["[1].owner"]);
  });

  it("accepts the seed's PIR and light labels and infers their kinds", () => {
    const [pir] = decodeReadings(seedBooleanJsonBody("PIR", "rp1", "1557585090.5"), "json", { kind: "any" }, opts);
    const [light] = decodeReadings(seedBooleanJsonBody("LIGHT", "rp1", "1557585091.5"), "json", { kind: "any" }, opts);
    expect([pir?.kind, pir?.typeLabel, pir?.data]).toEqual(["PIR", "Onyehn_PIR", { motion: true }]);
    expect([light?.kind, light?.typeLabel, light?.data]).toEqual(["LIGHT", "Anmbest_MD46N", { light: true }]);
  });

  it("decodes the seed's 48-byte SensorDHT message on the DHT path", () => {
    const body = seedDhtProtobuf();
    expect(body.length).toBe(48);
    const [r] = decodeReadings(body, "protobuf", { kind: "sensor", sensor: "DHT22" }, opts);
    expect(r?.data).toEqual({ temperature: 17.1, humidity: 68.1 });
    expect(r?.timestamp).toBe(1557585090.476025);
    // The same reading as JSON and as protobuf is one id: a device switching format never duplicates.
    expect(r?.id).toBe(decodeReadings(seedJsonBody(), "json", { kind: "any" }, opts)[0]?.id);
  });

  it("decodes SensorPIR and SensorDLI on their paths", () => {
    expect(decodeReadings(seedBooleanProtobuf("PIR", "rp1", 1557585090), "protobuf", { kind: "sensor", sensor: "PIR" }, opts)[0]?.data).toEqual({
      motion: true,
    });
    expect(decodeReadings(seedBooleanProtobuf("LIGHT", "rp1", 1557585090, false), "protobuf", { kind: "sensor", sensor: "LIGHT" }, opts)[0]?.data).toEqual({
      light: false,
    });
  });

  it("decodes our protobuf batch with client ids scoped to the device", () => {
    const batch = ReadingBatch.encode({
      readings: [
        { id: "a1", device: "rp1", kind: "", type: "", timestamp: 1557585090, data: { $case: "dht", value: { temperature: 20, humidity: 50 } } },
        { id: "", device: "rp1", kind: "PIR", type: "", timestamp: 1557585091, data: { $case: "pir", value: { motion: true } } },
      ],
    }).finish();
    const readings = decodeReadings(batch, "protobuf", { kind: "batch" }, opts);
    expect(readings.map((r) => r.kind)).toEqual(["DHT22", "PIR"]);
    expect(readings[0]?.id).toBe(readingId("rp1", "DHT22", 1557585090, { temperature: 20, humidity: 50 }, "a1"));
    expect(readings[0]?.id).not.toBe(readingId("rp2", "DHT22", 1557585090, { temperature: 20, humidity: 50 }, "a1"));
  });

  it("accepts a JSON array on the JSON path", () => {
    const body = Buffer.from(
      JSON.stringify([1, 2, 3].map((i) => ({ device: "rp1", type: "DHT22", timestamp: 1557585090 + i, data: { temperature: 20 + i, humidity: 50 } }))),
    );
    expect(decodeReadings(body, "json", { kind: "any" }, opts)).toHaveLength(3);
  });

  it("lists every invalid value with its path", () => {
    const body = Buffer.from(
      JSON.stringify([
        { device: "rp1", type: "DHT22", timestamp: 1557585090, data: { temperature: 20, humidity: 150 } },
        { device: "", type: "DHT22", timestamp: NOW / 1000 + 10 * 86_400, data: { temperature: null, humidity: 50 } },
      ]),
    );
    const error = failure(() => decodeReadings(body, "json", { kind: "any" }, opts));
    expect(error.code).toBe("INGEST_INVALID");
    expect(error.issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      "[0].data.humidity:out_of_range",
      "[1].device:required",
      "[1].timestamp:in_future",
      "[1].data.temperature:invalid_type",
    ]);
  });

  it("says a missing field is missing", () => {
    const error = failure(() =>
      decodeReadings(Buffer.from(JSON.stringify({ device: "rp1", type: "DHT22", timestamp: 1557585090 })), "json", { kind: "any" }, opts),
    );
    expect(error.issues.map((i) => i.message)).toEqual([
      `data must be an object such as {"temperature": 17.1, "humidity": 68.1}; got nothing (the field is missing).`,
    ]);
  });

  it("refuses a seed label sent to another kind's path", () => {
    const error = failure(() =>
      decodeReadings(
        Buffer.from(JSON.stringify({ device: "rp1", type: "Onyehn_PIR", timestamp: 1557585090, data: { temperature: 1, humidity: 2 } })),
        "json",
        { kind: "sensor", sensor: "DHT22" },
        opts,
      ),
    );
    expect(error.issues.map((i) => i.code)).toEqual(["kind_mismatch"]);
  });

  it.each([
    ["empty body", Buffer.alloc(0), "INGEST_MALFORMED"],
    ["not JSON", Buffer.from("{nope"), "INGEST_MALFORMED"],
    ["a bare number", Buffer.from("42"), "INGEST_MALFORMED"],
    ["an empty array", Buffer.from("[]"), "INGEST_MALFORMED"],
  ])("refuses %s as %s", (_name, body, code) => {
    expect(failure(() => decodeReadings(body, "json", { kind: "any" }, opts)).code).toBe(code);
  });

  it.each([
    ["{nope", "The body is not valid JSON"],
    ['"abc"', "The body is valid JSON but a string that does not hold a JSON reading"],
    ['"42"', "The body is valid JSON but a number, not a reading object"],
    ["42", "The body is valid JSON but a number, not a reading object"],
    ["true", "The body is valid JSON but a boolean, not a reading object"],
    ["null", "The body is valid JSON but null, not a reading object"],
  ])("says what is wrong with the JSON body %s", (body, message) => {
    const error = failure(() => decodeReadings(Buffer.from(body), "json", { kind: "any" }, opts));
    expect(error.code).toBe("INGEST_MALFORMED");
    expect(error.message).toContain(message);
    expect(error.message).not.toContain("abc");
  });

  it("refuses batches over the limit with INGEST_TOO_LARGE", () => {
    const body = Buffer.from(JSON.stringify(Array.from({ length: 11 }, () => ({}))));
    expect(failure(() => decodeReadings(body, "json", { kind: "any" }, { ...opts, maxBatchReadings: 10 })).code).toBe("INGEST_TOO_LARGE");
  });

  it("refuses truncated protobuf with INGEST_MALFORMED", () => {
    expect(failure(() => decodeReadings(seedDhtProtobuf().subarray(0, 30), "protobuf", { kind: "sensor", sensor: "DHT22" }, opts)).code).toBe(
      "INGEST_MALFORMED",
    );
  });

  it("refuses protobuf on the JSON-only path", () => {
    expect(failure(() => decodeReadings(seedDhtProtobuf(), "protobuf", { kind: "any" }, opts)).code).toBe("INGEST_UNSUPPORTED_MEDIA_TYPE");
  });
});
