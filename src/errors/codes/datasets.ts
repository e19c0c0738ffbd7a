import { defineCodes } from "./spec.js";

/** Codes of the built-in datasets (`mimic generate <dataset>`). Documented in docs/errors.md. */
export const DATASET_CODES = defineCodes({
  DATASET_UNKNOWN: {
    status: 400,
    description: "The dataset name is not a built-in dataset; the message lists the ones there are (`mimic generate --help`).",
  },
  DATASET_OPTION_INVALID: {
    status: 400,
    description: "A dataset option (e.g. `--start-date`, `--gender`) is unknown or has a bad value; every problem is listed in `issues` with what it accepts.",
  },
});
