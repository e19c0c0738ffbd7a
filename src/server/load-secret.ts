import { loadOrCreateTokenSecret, parseTokenSecret } from "../telemetry/auth/index.js";
import { assertSecretSource, type StoreLocation } from "./serve-config.js";

/** The signing secret: MIMIC_TOKEN_SECRET when set, else `<data-dir>/token-secret` (created once). */
export function loadSecret(location: StoreLocation): Uint8Array {
  assertSecretSource(location);
  return location.tokenSecret !== undefined ? parseTokenSecret(location.tokenSecret, "MIMIC_TOKEN_SECRET") : loadOrCreateTokenSecret(location.dataDir);
}
