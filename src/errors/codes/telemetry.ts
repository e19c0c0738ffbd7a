import { defineCodes } from "./spec.js";

/** Codes of the telemetry area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const TELEMETRY_CODES = defineCodes({});
