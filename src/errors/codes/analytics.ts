import { defineCodes } from "./spec.js";

/** Codes of `mimic analyze` and the analytics layer. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const ANALYTICS_CODES = defineCodes({
  ANALYZE_BAD_OPTION: {
    status: 400,
    description: "An analyze option is out of range (rolling window, units, chart size); the message names the flag and what it accepts.",
  },
  ANALYZE_UNKNOWN_TIMEZONE: {
    status: 400,
    description: "`--tz` is not an IANA time zone this system knows; use a name such as America/New_York, Europe/London or UTC.",
  },
  ANALYZE_NO_READINGS: {
    status: 400,
    description: "The selection (range, device, sensor type) holds no readings; widen --from/--to, or check the device and type with `mimic query`.",
  },
  ANALYZE_UNKNOWN_DEVICE: {
    status: 400,
    description: "A --device or --type/--sensor names something that has no readings in the input; the message lists the devices and types that do.",
  },
  ANALYZE_BAD_INPUT: {
    status: 400,
    description: "The --in file is not a readings CSV (`mimic query --format csv` or `mimic generate iot`); the message says which column or line is wrong.",
  },
});
