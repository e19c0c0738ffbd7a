import { defineCodes } from "./spec.js";

/** Codes of `mimic detect` (fault detection). Each entry is documented in docs/errors.md (generated, checked by a test). */
export const DETECT_CODES = defineCodes({
  DETECT_UNSORTED_INPUT: {
    status: 400,
    description:
      "The readings of a device are not in the order they were taken or arrived (device time goes back far more often than clock faults explain); give the file as `mimic generate iot` or `mimic query` wrote it.",
  },
  DETECT_DUPLICATE_READINGS: {
    status: 400,
    description:
      "The input holds the same reading twice (same reading_id, or same device, type and timestamp); the message names the first one. De-duplicate the file.",
  },
  DETECT_BAD_LABELS: {
    status: 400,
    description:
      "The --score labels are not faults of this input: not JSON lines {device, kind, start, end}, of other devices, or outside its time range; the message says which.",
  },
});
