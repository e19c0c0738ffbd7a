// Request bodies for each wire format. Protobuf goes through the code generated from
// proto/sensors.proto (src/gen), never hand-written encoders.
import { ReadingBatch, SensorDHT, SensorDLI, SensorPIR, type BatchReading } from "../../gen/sensors_pb.js";
import type { DhtData, LightData, PirData, SensorKind } from "../../sensors/reading.js";
import type { DeviceReading, WireFormat } from "../types.js";

export interface EncodedRequest {
  path: string;
  contentType: string;
  body: Uint8Array;
}

const LABEL_KIND: Readonly<Record<string, SensorKind>> = { DHT22: "DHT22", DHT: "DHT22", PIR: "PIR", Onyehn_PIR: "PIR", LIGHT: "LIGHT", DLI: "LIGHT", Anmbest_MD46N: "LIGHT" };

/** The sensor kind of a reading: explicit, from its label, or from its data's fields. */
export function kindOf(r: DeviceReading): SensorKind {
  if (r.kind) return r.kind;
  const byLabel = LABEL_KIND[r.type];
  if (byLabel) return byLabel;
  if ("temperature" in r.data) return "DHT22";
  return "motion" in r.data ? "PIR" : "LIGHT";
}

const SENSOR_PATH: Readonly<Record<SensorKind, string>> = { DHT22: "/v1/telemetry/dht", PIR: "/v1/telemetry/pir", LIGHT: "/v1/telemetry/light" };

function sensorMessage(r: DeviceReading): Uint8Array {
  const base = { device: r.device, type: r.type, timestamp: r.timestamp };
  switch (kindOf(r)) {
    case "DHT22":
      return SensorDHT.encode({ ...base, data: r.data as DhtData }).finish();
    case "PIR":
      return SensorPIR.encode({ ...base, data: r.data as PirData }).finish();
    case "LIGHT":
      return SensorDLI.encode({ ...base, data: r.data as LightData }).finish();
  }
}

function batchMessage(readings: readonly DeviceReading[]): Uint8Array {
  const items = readings.map((r): BatchReading => {
    const kind = kindOf(r);
    const data: BatchReading["data"] =
      kind === "DHT22"
        ? { $case: "dht", value: r.data as DhtData }
        : kind === "PIR"
          ? { $case: "pir", value: r.data as PirData }
          : { $case: "light", value: r.data as LightData };
    return { id: r.id ?? "", device: r.device, kind, type: r.type, timestamp: r.timestamp, data };
  });
  return ReadingBatch.encode({ readings: items }).finish();
}

const encoder = new TextEncoder();

function jsonReading(r: DeviceReading): Record<string, unknown> {
  return { id: r.id, device: r.device, type: r.type, timestamp: r.timestamp, data: r.data };
}

/**
 * Encodes readings (already one request's worth) for a format. `protobuf` takes exactly one: the
 * seed's per-sensor messages have no room for more.
 */
export function encodeRequest(format: WireFormat, readings: readonly DeviceReading[]): EncodedRequest {
  if (format === "protobuf") return { path: SENSOR_PATH[kindOf(readings[0]!)], contentType: "application/x-protobuf", body: sensorMessage(readings[0]!) };
  if (format === "batch") return { path: "/v1/telemetry/batch", contentType: "application/x-protobuf", body: batchMessage(readings) };
  const value = readings.length === 1 ? jsonReading(readings[0]!) : readings.map(jsonReading);
  return { path: "/v1/telemetry", contentType: "application/json", body: encoder.encode(JSON.stringify(value)) };
}
