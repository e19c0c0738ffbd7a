// `import { DeviceClient } from "mimic-data/device"`: the client a device (or the simulator) runs.
export { DeviceClient, MAX_BATCH_SIZE, type DeviceClientOptions } from "./device-client.js";
export { addStats, emptyStats, type ClientOutcome, type ClientStats, type DeviceReading, type WireFormat } from "./types.js";
export { createAgent } from "./internal/http-post.js";
export { DEFAULT_BACKOFF, type BackoffOptions } from "./internal/backoff.js";
