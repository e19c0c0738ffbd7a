import { hash } from "node:crypto";
import type { ReadingData, SensorKind } from "../sensors/reading.js";

/**
 * The idempotency key of a reading. A client id is scoped to its device (two devices may both
 * send id "1"); without one the id is derived from the content, so a resend after a timeout is
 * the same id and is stored once. 32 hex chars (128 bits of SHA-256).
 *
 * @example
 * readingId("rp829c7e0e", "DHT22", 1557585090.476025, { temperature: 17.1, humidity: 68.1 });
 */
export function readingId(device: string, kind: SensorKind, timestamp: number, data: ReadingData, clientId?: string): string {
  // One-shot crypto.hash: ~3× cheaper than createHash().update().digest() on the batch hot path.
  const text = clientId !== undefined ? `c\n${device}\n${clientId}` : `d\n${device}\n${kind}\n${timestamp}\n${canonicalData(data)}`;
  return hash("sha256", text, "hex").slice(0, 32);
}

function canonicalData(data: ReadingData): string {
  if ("temperature" in data) return `${data.temperature},${data.humidity}`;
  if ("motion" in data) return `m${data.motion ? 1 : 0}`;
  return `l${data.light ? 1 : 0}`;
}

/** The bus message id of a request: its reading id, or a hash of all of them for a batch. */
export function messageId(readingIds: readonly string[]): string {
  if (readingIds.length === 1) return readingIds[0]!;
  return hash("sha256", readingIds.join(""), "hex").slice(0, 32);
}
