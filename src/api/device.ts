// The package entry `mimic-data/device` (`import { DeviceClient } from "mimic-data/device"`): the
// client a real device (or the simulator) runs, named one by one.
export {
  addStats,
  createAgent,
  DEFAULT_BACKOFF,
  DeviceClient,
  emptyStats,
  MAX_BATCH_SIZE,
  type BackoffOptions,
  type ClientOutcome,
  type ClientStats,
  type DeviceClientOptions,
  type DeviceReading,
  type WireFormat,
} from "../device/index.js";
export type { DhtData, LightData, PirData, SensorKind } from "../sensors/index.js";
export { MimicError, isMimicError, type Issue } from "../errors/index.js";
