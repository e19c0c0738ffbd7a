import { defineCodes } from "./spec.js";

/** Codes of the synth area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const SYNTH_CODES = defineCodes({});
