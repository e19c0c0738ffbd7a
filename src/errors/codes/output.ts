import { defineCodes } from "./spec.js";

/** Codes of the writers and `mimic generate`'s output side (docs/errors.md is generated from these). */
export const OUTPUT_CODES = defineCodes({
  OUTPUT_WRITE_FAILED: {
    status: 500,
    exitCode: 1,
    description: "Writing the output failed part-way (disk full, device error); the partial file was removed. Free space or choose another `--out`.",
  },
  OUTPUT_INTERRUPTED: {
    status: 400,
    exitCode: 130,
    description: "The run was stopped (Ctrl-C or SIGTERM) before it finished; the partial output file was removed.",
  },
  OUTPUT_WORKER_FAILED: {
    status: 500,
    exitCode: 1,
    description: "A worker thread generating chunks stopped unexpectedly; the partial file was removed. Retry with `--workers 1` and report it.",
  },
});
