import { MimicError } from "../errors/index.js";
import { assertNoDuplicateKeys, scanJsonBytes, scanJsonShape } from "./json-shape.js";

/**
 * Decodes a JSON ingest body into reading candidates: one object, the seed's double-encoded body
 * (a JSON string whose content is the object — what `requests.post(url, json=json.dumps(p))`
 * sends), or an array of objects. Bounds: at most `maxReadings` candidates, nesting no deeper than
 * a reading can be (checked before parsing), and no key repeated within an object.
 *
 * @example
 * decodeJsonReadings(Buffer.from('"{\\"device\\": \\"rp1\\"}"'), 5000); // [{ device: "rp1" }]
 */
export function decodeJsonReadings(body: Uint8Array, maxReadings: number): unknown[] {
  if (body.length === 0) throw new MimicError("INGEST_MALFORMED", "The request body is empty; send a reading as JSON.");
  // Too deep is refused before the bytes are even decoded: 4 MB of `[` costs one short scan.
  const members = scanJsonBytes(body);
  let value = parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"), members);
  // The seed's devices encode twice: unwrap exactly one level of string.
  if (typeof value === "string")
    value = parse(value, scanJsonShape(value), "The body is valid JSON but a string that does not hold a JSON reading; send a reading object");
  if (Array.isArray(value)) {
    if (value.length === 0) throw new MimicError("INGEST_MALFORMED", "The JSON array is empty; send at least one reading.");
    if (value.length > maxReadings) {
      throw new MimicError("INGEST_TOO_LARGE", `The batch has ${value.length} readings, more than the limit of ${maxReadings}; split it into smaller batches.`);
    }
    return value;
  }
  if (typeof value !== "object" || value === null) {
    throw new MimicError(
      "INGEST_MALFORMED",
      `The body is valid JSON but ${value === null ? "null" : `a ${typeof value}`}, not a reading object; send a reading object, a JSON string holding one, or an array of readings, such as ${EXAMPLE}.`,
    );
  }
  return [value];
}

const EXAMPLE = '{"device": "rp1", "type": "DHT22", "timestamp": 1557585090.4, "data": {"temperature": 17.1, "humidity": 68.1}}';

/** JSON.parse, then the duplicate-key check against the `members` the scan counted. */
function parse(text: string, members: number, problem = "The body is not valid JSON; send a reading"): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // The parser's message quotes the input; ours never echoes a payload.
    throw new MimicError("INGEST_MALFORMED", `${problem} such as ${EXAMPLE}.`);
  }
  assertNoDuplicateKeys(text, members, value);
  return value;
}
