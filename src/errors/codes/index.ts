import { ANALYTICS_CODES } from "./analytics.js";
import { COMMON_CODES } from "./common.js";
import { DATASET_CODES } from "./datasets.js";
import { DETECT_CODES } from "./detect.js";
import { ML_CODES } from "./ml.js";
import { MODEL_CODES } from "./model.js";
import { OUTPUT_CODES } from "./output.js";
import type { ErrorCodeSpec } from "./spec.js";
import { SYNTH_CODES } from "./synth.js";
import { TELEMETRY_CODES } from "./telemetry.js";

/** Every stable error code of mimic. Each area owns its own table file; this joins them. */
export const ERROR_CODES = {
  ...COMMON_CODES,
  ...SYNTH_CODES,
  ...DATASET_CODES,
  ...TELEMETRY_CODES,
  ...MODEL_CODES,
  ...OUTPUT_CODES,
  ...ANALYTICS_CODES,
  ...ML_CODES,
  ...DETECT_CODES,
} satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type { ErrorCodeSpec } from "./spec.js";
