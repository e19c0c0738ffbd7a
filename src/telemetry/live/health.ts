// Device health: one source for the thresholds, used by GET /v1/devices (from the store) and by
// the live detectors (from what they learned of each sensor's cadence).

/** live: heard from within 3 cadences; late: within 10; silent: not for 10 cadences (or never). */
export type DeviceLiveness = "live" | "late" | "silent";
export const LATE_AFTER_CADENCES = 3;
export const SILENT_AFTER_CADENCES = 10;

/** The status of a device last heard at `lastSeen` (epoch seconds), at `now`. */
export function liveness(lastSeen: number | null, now: number, cadenceSeconds: number): DeviceLiveness {
  if (lastSeen === null) return "silent";
  const missed = (now - lastSeen) / cadenceSeconds;
  return missed > SILENT_AFTER_CADENCES ? "silent" : missed > LATE_AFTER_CADENCES ? "late" : "live";
}

/** One sensor of a device as the live detectors see it (`GET /v1/devices`' `health`). */
export interface SensorHealth {
  sensor: string;
  /**
   * Periodic sensors: by the time since the last reading arrived, in learned cadences. Event
   * sensors have no cadence: theirs is the status of the device's periodic sensor, or null
   * when it has none (nothing to judge by).
   */
  status: DeviceLiveness | null;
  /** Device time of the newest reading, epoch seconds (for an event sensor: its last event). */
  lastSeen: number;
  /** Server time the newest reading arrived, epoch seconds. */
  lastArrival: number;
  /** The learned cadence, seconds; null for event sensors and until learned. */
  cadenceSeconds: number | null;
}
