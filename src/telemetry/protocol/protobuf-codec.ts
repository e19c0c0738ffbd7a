import { fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { MimicError } from "../../errors/index.js";
import { ReadingBatchSchema, SensorDHTSchema, SensorDLISchema, SensorPIRSchema } from "../../gen/sensors_pb.js";
import type { SensorKind } from "../domain/reading.js";

const SENSOR_SCHEMAS: Readonly<Record<SensorKind, DescMessage>> = {
  DHT22: SensorDHTSchema,
  PIR: SensorPIRSchema,
  LIGHT: SensorDLISchema,
};

function decode(schema: DescMessage, body: Uint8Array, what: string): unknown {
  if (body.length === 0) throw new MimicError("INGEST_MALFORMED", `The request body is empty; send a serialized ${what}.`);
  try {
    // Unknown fields are dropped, not kept on each message: nothing reads them.
    return fromBinary(schema, body, { readUnknownFields: false });
  } catch {
    throw new MimicError("INGEST_MALFORMED", `The body is not a valid ${what} protobuf message; serialize it with the sensors.proto mimic publishes (proto/sensors.proto).`);
  }
}

/**
 * Decodes one of the seed's messages (`SensorDHT`, `SensorPIR`, `SensorDLI`): the URL says which,
 * since nothing in the bytes does. Returns a candidate for `validateReading`.
 *
 * @example
 * decodeSensorMessage("DHT22", toBinary(SensorDHTSchema, create(SensorDHTSchema, { device: "rp1" })));
 */
export function decodeSensorMessage(kind: SensorKind, body: Uint8Array): unknown {
  const message = decode(SENSOR_SCHEMAS[kind], body, SENSOR_SCHEMAS[kind].name) as { device: string; type: string; timestamp: number; data?: object };
  return { device: message.device, type: message.type, timestamp: message.timestamp, data: message.data };
}

/** Decodes mimic's `ReadingBatch` into candidates; at most `maxReadings` readings. */
export function decodeBatchMessage(body: Uint8Array, maxReadings: number): unknown[] {
  const batch = decode(ReadingBatchSchema, body, "ReadingBatch") as {
    readings: { id: string; device: string; kind: string; type: string; timestamp: number; data: { case: string | undefined; value?: object } }[];
  };
  if (batch.readings.length === 0) throw new MimicError("INGEST_MALFORMED", "The ReadingBatch holds no readings; send at least one.");
  if (batch.readings.length > maxReadings) {
    throw new MimicError("INGEST_TOO_LARGE", `The batch has ${batch.readings.length} readings, more than the limit of ${maxReadings}; split it into smaller batches.`);
  }
  return batch.readings.map((r) => ({
    id: r.id,
    device: r.device,
    kind: r.kind !== "" ? r.kind : r.data.case === "dht" ? "DHT22" : r.data.case === "pir" ? "PIR" : r.data.case === "light" ? "LIGHT" : "",
    type: r.type,
    timestamp: r.timestamp,
    data: r.data.value,
  }));
}
