import { defineCodes } from "./spec.js";

/** Codes of the synth area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const SYNTH_CODES = defineCodes({
  SCHEMA_INVALID: {
    status: 400,
    description: "The schema has problems; every one is listed in `issues` with its path and a hint. Nothing was generated: fix them and run again.",
  },
  SCHEMA_UNIQUE_EXHAUSTED: {
    status: 400,
    description: "A `unique` column, or an `email` column with `unique: true`, was asked for more rows than its value space holds; use a longer `length`/`digits` or fewer rows.",
  },
  DISTRIBUTION_INVALID: {
    status: 400,
    description: "A distribution got parameters outside its domain (e.g. sd < 0); the message names the parameter and what it accepts.",
  },
});
