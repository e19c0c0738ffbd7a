import { defineCodes } from "./spec.js";

/** Codes of `mimic train`, `mimic predict` and the ml layer. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const ML_CODES = defineCodes({
  ML_BAD_OPTION: {
    status: 400,
    description: "A train or predict option is out of range or unknown (model, target, k, test fraction); the message names the flag and what it accepts.",
  },
  ML_ONE_CLASS: {
    status: 400,
    description: "The target has one class only (in the data, or in the training part of the time split); give readings of at least two devices.",
  },
  ML_TOO_FEW_ROWS: {
    status: 400,
    description: "Too few usable readings to train and test (after dropping rows with a missing feature); give more readings or fewer features.",
  },
  ML_TOO_MANY_CLASSES: {
    status: 400,
    description:
      "The target has more classes than a classifier can learn from the data (over 1,000, or fewer than 5 readings per class); pick a coarser target.",
  },
  ML_MISSING_FEATURE: {
    status: 400,
    description: "A --features name is not in the input (or not a feature mimic offers); the message lists the features it can use.",
  },
  ML_NO_ROOM: {
    status: 400,
    description:
      "--target room needs each device's room: a file without a room column, or store devices the fleet given by --fleet-seed/--fleet-devices/--fleet-layout/--fleet-mix does not hold.",
  },
  ML_CONSTANT_FEATURE: { status: 400, description: "A feature has one value in every training reading and cannot inform the model; drop it from --features." },
  ML_MODEL_INVALID: {
    status: 400,
    description: "The file is not a mimic classifier (not JSON, or a field is missing or of the wrong shape); train it again with `mimic train`.",
  },
  ML_MODEL_VERSION: {
    status: 400,
    description: "The classifier file was written by another format version of mimic; train it again with this version's `mimic train`.",
  },
  ML_MODEL_EDITED: {
    status: 400,
    description: "The classifier file's content does not match its checksum (edited by hand or truncated); train it again with `mimic train`.",
  },
});
