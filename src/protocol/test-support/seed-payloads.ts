// Exactly the bytes the seed's Python device scripts put on the wire, built by hand (not with our
// generated code), so tests prove wire compatibility rather than round-tripping our own encoder.

/** Python's `json.dumps(payload)`: ", " and ": " separators, repr floats. */
export function pythonJsonDumps(device: string, type: string, timestamp: string, data: string): string {
  return `{"device": "${device}", "type": "${type}", "timestamp": ${timestamp}, "data": ${data}}`;
}

/**
 * The body of `requests.post(URL, json=json.dumps(payload))` in dht_sensor_http.py: the payload
 * is encoded twice, so the body is a JSON string whose content is the object.
 */
export function seedJsonBody(device = "rp829c7e0e", timestamp = "1557585090.476025", temperature = "17.1", humidity = "68.1"): Buffer {
  const inner = pythonJsonDumps(device, "DHT22", timestamp, `{"temperature": ${temperature}, "humidity": ${humidity}}`);
  // json.dumps of a str: quotes escaped, ASCII only (the payload is ASCII).
  return Buffer.from(`"${inner.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`, "utf8");
}

/** The seed's PIR and light payloads (double-encoded like the DHT script). */
export function seedBooleanJsonBody(kind: "PIR" | "LIGHT", device: string, timestamp: string): Buffer {
  const inner = kind === "PIR" ? pythonJsonDumps(device, "Onyehn_PIR", timestamp, `{"motion": true}`) : pythonJsonDumps(device, "Anmbest_MD46N", timestamp, `{"light": true}`);
  return Buffer.from(`"${inner.replaceAll('"', '\\"')}"`, "utf8");
}

function tag(field: number, wireType: number): number {
  return (field << 3) | wireType;
}
function str(field: number, value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  return Buffer.concat([Buffer.from([tag(field, 2), bytes.length]), bytes]);
}
function dbl(field: number, value: number): Buffer {
  const b = Buffer.alloc(9);
  b[0] = tag(field, 1);
  b.writeDoubleLE(value, 1);
  return b;
}
function bool(field: number, value: boolean): Buffer {
  return value ? Buffer.from([tag(field, 0), 1]) : Buffer.alloc(0);
}
function sub(field: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag(field, 2), body.length]), body]);
}

/** `sensor_dht.SerializeToString()` from dht_sensor_http_pb.py (48 bytes for the seed's example). */
export function seedDhtProtobuf(device = "rp829c7e0e", timestamp = 1557585090.476025, temperature = 17.1, humidity = 68.1): Buffer {
  return Buffer.concat([str(1, device), str(2, "DHT22"), dbl(3, timestamp), sub(4, Buffer.concat([dbl(1, temperature), dbl(2, humidity)]))]);
}

/** `SensorPIR` / `SensorDLI` as the seed's scripts serialize them. */
export function seedBooleanProtobuf(kind: "PIR" | "LIGHT", device: string, timestamp: number, value = true): Buffer {
  return Buffer.concat([str(1, device), str(2, kind === "PIR" ? "Onyehn_PIR" : "Anmbest_MD46N"), dbl(3, timestamp), sub(4, bool(1, value))]);
}
