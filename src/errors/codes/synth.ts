import { defineCodes } from "./spec.js";

/** Codes of the synth area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const SYNTH_CODES = defineCodes({
  SCHEMA_INVALID: {
    status: 400,
    description: "The schema has problems; every one is listed in `issues` with its path and a hint. Nothing was generated: fix them and run again.",
  },
  SCHEMA_UNIQUE_EXHAUSTED: {
    status: 400,
    description:
      "A `unique` column, or an `email` column with `unique: true`, was asked for more rows than its value space holds; use a longer `length`/`digits` or fewer rows.",
  },
  DATABASE_UNREACHABLE: {
    status: 400,
    description: "`mimic generate --to` could not connect to the database (wrong host, port, name or credentials); nothing was written. Check the URL.",
  },
  DATABASE_TABLE_EXISTS: {
    status: 400,
    description: "`mimic generate --to` found tables of the schema already in the database and left them alone; add `--replace` to drop and recreate them.",
  },
  DATABASE_LOAD_FAILED: {
    status: 500,
    description:
      "Loading into the database failed part way (a constraint, a lost connection); the transaction was rolled back, so no table was left half-filled.",
  },
  DISTRIBUTION_INVALID: {
    status: 400,
    description: "A distribution got parameters outside its domain (e.g. sd < 0); the message names the parameter and what it accepts.",
  },
});
