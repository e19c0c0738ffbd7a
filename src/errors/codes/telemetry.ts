import { defineCodes } from "./spec.js";

/** Codes of the telemetry area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const TELEMETRY_CODES = defineCodes({
  SIM_BAD_OPTION: { status: 400, description: "A simulator option is out of range (device count, sensor mix, interval below the DHT22's 2 s minimum, fault rates, site); the message names the option and what it accepts." },
  SIM_TOKENS_INVALID: { status: 400, description: "The tokens file cannot be read, is not a JSON object of device id → token, or lacks a token for a simulated device; run with `--provision --data-dir …` or fix the file." },
  SIM_SERVER_UNREACHABLE: { status: 503, exitCode: 3, retryable: true, description: "The server did not answer at all (refused, unknown host, timeout) for the whole grace period; check `--url` and that `mimic serve` runs." },
  SIM_AUTH_REJECTED: { status: 401, exitCode: 4, description: "The server refused every device's token (401/403); the tokens belong to another server or were revoked; provision again or pass the right `--tokens`." },
  SIM_READINGS_REJECTED: { status: 400, exitCode: 5, description: "The server rejected readings with a 4xx that retrying cannot fix; the summary lists them by status and error code." },
  DEVICE_BAD_OPTION: { status: 400, description: "A DeviceClient option is invalid (URL, format, batch size, buffer bound, timeout); the message names it." },
  DEVICE_BUFFER_FILE_INVALID: { status: 400, description: "The client's persisted buffer file is not one it wrote (not JSON lines of readings); move it away or point `bufferFile` elsewhere." },
  DEVICE_CLOSED: { status: 400, description: "A reading was sent to a DeviceClient after `close()`; create a new client." },
});
