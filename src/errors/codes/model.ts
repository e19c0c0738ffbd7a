import { defineCodes } from "./spec.js";

/** Codes of the model area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const MODEL_CODES = defineCodes({});
