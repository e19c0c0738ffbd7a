// An alarm: one fault episode the live detectors found on one sensor of one device, kept in the
// store so it outlives the process. Its id is derived from (device, sensor, kind, start), so the
// same event found again (a redelivered batch, a replay) updates the alarm instead of adding one.
import { createHash } from "node:crypto";
import type { SensorKind } from "../../sensors/reading.js";

export type AlarmState = "open" | "closed";

export interface Alarm {
  id: string;
  device: string;
  sensor: SensorKind;
  /** A detector kind (docs/detect.md): spike, stuck, drift, dropout, clock_jump, range, … */
  kind: string;
  state: AlarmState;
  /** Earliest device time of the readings the episode covers, epoch seconds. */
  start: number;
  /**
   * Latest device time of its readings, epoch seconds (never before `start`, even for a clock
   * put right, whose device time steps back); null while it is open.
   */
  end: number | null;
  score: number;
  evidence: string;
  /** Server time the alarm was raised, and closed (null while open), epoch ms. */
  openedAt: number;
  closedAt: number | null;
}

/** `state`: open, closed or all; `from`/`to` (epoch seconds) keep alarms whose episode overlaps [from, to). */
export interface AlarmQuery {
  device?: string;
  kind?: string;
  state: AlarmState | "all";
  from?: number;
  to?: number;
  /** Most alarms returned, newest start first. */
  limit: number;
}

/** Most alarms one query answers (the route and `mimic alarms` default to it). */
export const ALARM_QUERY_LIMIT = 10_000;

export function alarmId(device: string, sensor: SensorKind, kind: string, start: number): string {
  return createHash("sha256").update(`${device}\u0000${sensor}\u0000${kind}\u0000${start}`).digest("hex").slice(0, 24);
}
