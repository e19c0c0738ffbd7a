import { defineCodes } from "./spec.js";

/** Codes shared by every area: the CLI surface and configuration. */
export const COMMON_CODES = defineCodes({
  CLI_UNKNOWN_COMMAND: { status: 400, description: "The command is not one of mimic's; run `mimic --help` for the list." },
  CLI_BAD_FLAG: {
    status: 400,
    description: "A flag is unknown, missing its value or has a value out of range; the message names the flag and what it accepts.",
  },
  CLI_MISSING_ARGUMENT: { status: 400, description: "A required positional argument is missing; see the command's `--help`." },
  CONFIG_INVALID: { status: 400, description: "Configuration (flags or environment variables) is invalid; every problem is listed in `issues`." },
  IO_UNWRITABLE: { status: 400, description: "The output path cannot be written (missing folder, no permission); choose another path." },
  IO_UNREADABLE: { status: 400, description: "An input file cannot be read (missing or no permission); check the path." },
  PARQUET_UNREADABLE: {
    status: 400,
    description:
      "The input named as Parquet (by its content) cannot be decoded: truncated, corrupt or compressed with a codec mimic lacks; write it again, or give a CSV.",
  },
  PARQUET_BAD_SCHEMA: {
    status: 400,
    description: "A Parquet input lacks a column the command needs, or has a column mimic does not read (nested, list, binary); the message names it.",
  },
  INTERNAL: { status: 500, description: "An unexpected fault inside mimic; please report it with the command that caused it." },
});
