import { MimicError } from "../errors/index.js";
import { ReadingBatch, SensorDHT, SensorDLI, SensorPIR } from "../gen/sensors_pb.js";
import type { SensorKind } from "../sensors/reading.js";

/** A generated message's decoder (src/gen, from proto/sensors.proto), and its name for messages. */
interface Decoder<T> {
  decode(bytes: Uint8Array): T;
  name: string;
}

const SENSOR_DECODERS: Readonly<Record<SensorKind, Decoder<{ device: string; type: string; timestamp: number; data?: object | undefined }>>> = {
  DHT22: { decode: (b) => SensorDHT.decode(b), name: "SensorDHT" },
  PIR: { decode: (b) => SensorPIR.decode(b), name: "SensorPIR" },
  LIGHT: { decode: (b) => SensorDLI.decode(b), name: "SensorDLI" },
};

function decode<T>(decoder: Decoder<T>, body: Uint8Array): T {
  if (body.length === 0) throw new MimicError("INGEST_MALFORMED", `The request body is empty; send a serialized ${decoder.name}.`);
  try {
    // Unknown fields are skipped, not kept: nothing reads them.
    return decoder.decode(body);
  } catch {
    throw new MimicError("INGEST_MALFORMED", `The body is not a valid ${decoder.name} protobuf message; serialize it with the sensors.proto mimic publishes (proto/sensors.proto).`);
  }
}

/**
 * Decodes one of the seed's messages (`SensorDHT`, `SensorPIR`, `SensorDLI`): the URL says which,
 * since nothing in the bytes does. Returns a candidate for `validateReading`.
 *
 * @example
 * decodeSensorMessage("DHT22", SensorDHT.encode({ device: "rp1", type: "DHT22", timestamp: 1557585090, data: { temperature: 17.1, humidity: 68.1 } }).finish());
 */
export function decodeSensorMessage(kind: SensorKind, body: Uint8Array): unknown {
  const message = decode(SENSOR_DECODERS[kind], body);
  return { device: message.device, type: message.type, timestamp: message.timestamp, data: message.data };
}

/** Decodes mimic's `ReadingBatch` into candidates; at most `maxReadings` readings. */
export function decodeBatchMessage(body: Uint8Array, maxReadings: number): unknown[] {
  const batch = decode({ decode: (b) => ReadingBatch.decode(b), name: "ReadingBatch" }, body);
  if (batch.readings.length === 0) throw new MimicError("INGEST_MALFORMED", "The ReadingBatch holds no readings; send at least one.");
  if (batch.readings.length > maxReadings) {
    throw new MimicError("INGEST_TOO_LARGE", `The batch has ${batch.readings.length} readings, more than the limit of ${maxReadings}; split it into smaller batches.`);
  }
  return batch.readings.map((r) => ({
    id: r.id,
    device: r.device,
    kind: r.kind !== "" ? r.kind : r.data?.$case === "dht" ? "DHT22" : r.data?.$case === "pir" ? "PIR" : r.data?.$case === "light" ? "LIGHT" : "",
    type: r.type,
    timestamp: r.timestamp,
    data: r.data?.value,
  }));
}
