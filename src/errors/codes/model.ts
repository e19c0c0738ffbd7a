import { defineCodes } from "./spec.js";

/** Codes of the model area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const MODEL_CODES = defineCodes({
  CSV_NOT_CSV: {
    status: 400,
    description: "The input is not a CSV file (binary content, JSON, or no delimiter); export the table as comma-separated text with a header row.",
  },
  CSV_UNKNOWN_DELIMITER: {
    status: 400,
    description:
      "The fields of the CSV file are not separated consistently by a comma, semicolon, tab or pipe; re-export it as comma-separated CSV with a header row.",
  },
  CSV_EMPTY: { status: 400, description: "The CSV file is empty or has a header but no data rows; give a file with a header and at least two rows." },
  CSV_MALFORMED: {
    status: 400,
    description:
      "The CSV text cannot be parsed (unclosed quote, a row with a different number of fields); the message names the line — fix it or re-export the file.",
  },
  CSV_BAD_HEADER: { status: 400, description: "The header row has an empty or duplicated column name; give every column a unique name." },
  MODEL_BAD_NA: {
    status: 400,
    description: "The --na list of missing-value markers would make a whole column missing, or is empty; the message names the column and the marker.",
  },
  MODEL_TOO_FEW_ROWS: { status: 400, description: "The table has too few rows to learn from (at least 2 are needed, 50+ for a useful model)." },
  MODEL_NO_COLUMNS: { status: 400, description: "No column of the table can be modelled (all empty or constant); the message lists why each was left out." },
  MODEL_BAD_METADATA: {
    status: 400,
    description: "The --metadata file is not valid JSON/YAML of the documented shape (columns: {name: {type}}); every problem is listed.",
  },
  MODEL_INVALID: { status: 400, description: "The model file is not a mimic model or was edited into an inconsistent state; refit it with `mimic fit`." },
  MODEL_VERSION: { status: 400, description: "The model file was written by a different model format version; refit it with this version of `mimic fit`." },
  MODEL_BAD_METHOD: {
    status: 400,
    description: "--method is not a synthesiser mimic has (copula, cart or auto), or --privacy was asked of one that does not take it.",
  },
  MODEL_BAD_HOLDOUT: {
    status: 400,
    description: "--holdout is not a share (20%, 0.2) or row count, or leaves fewer than 2 rows on either side of the table.",
  },
  MODEL_BAD_PRIVACY: { status: 400, description: "--privacy is neither a known level (off, low, medium, high, max) nor a strength between 0 and 1." },
  MODEL_CONSTRAINT_CONTRADICTED: {
    status: 400,
    description:
      "A relationship declared under constraints: in the --metadata file does not hold on the data; the message says how many rows break it and which.",
  },
  MODEL_BAD_CONDITION: {
    status: 400,
    description: "A --where condition names an unknown column, a value never seen in the data, or a column that cannot be conditioned on.",
  },
  EVAL_BAD_TARGET: {
    status: 400,
    description: "--target is not a column of the real table with at least two values, or was given without --holdout (utility tests on held-out real rows).",
  },
  EVAL_COLUMNS_MISMATCH: {
    status: 400,
    description: "The real and synthetic (or holdout) CSV files do not have the same columns; compare tables of the same shape.",
  },
});
