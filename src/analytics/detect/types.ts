// What the detectors emit. They see only what a server has — device, sensor, device timestamp,
// values and (where known) arrival time — never labels or true time.
import type { SensorKind } from "../../sensors/index.js";

/** Kinds a detector can report. `range`, `burst` and `silent` have no simulated counterpart. */
export type DetectKind = "spike" | "stuck" | "drift" | "dropout" | "clock_jump" | "range" | "clock_drift" | "network_outage" | "burst";

export const DETECT_KINDS: readonly DetectKind[] = ["spike", "stuck", "drift", "dropout", "clock_jump", "range", "clock_drift", "network_outage", "burst"];

/** One detected event on one device's series (indices are positions in that series, in input order). */
export interface DetectedEvent {
  device: string;
  sensor: SensorKind;
  kind: DetectKind;
  /** Device time of the first and last reading the event covers, epoch seconds. */
  start: number;
  end: number;
  /** Positions of the first and last covered reading in the device's series. */
  first: number;
  last: number;
  /** Device time at which the detector had the evidence (for a gap: last reading + the allowed gap). */
  detectedAt: number;
  /** Position of the reading after which the detector knew (the gap's last reading for a dropout). */
  detectedIndex: number;
  /** How far past the threshold, in the detector's own unit (z, run length ratio, seconds …). */
  score: number;
  /** One line a person can check, e.g. "temperature 52.3 vs median 21.4 (z 190)". */
  evidence: string;
}

export type EventSink = (event: DetectedEvent) => void;
