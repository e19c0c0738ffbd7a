// Learning from a real table: read a CSV or Parquet file, infer column types, fit a Gaussian copula, sample it.
import { readTable as readAny } from "./internal/read-table.js";
import { fitModel as fitTable, type FitResult as Fitted } from "./fit.js";
import { readMetadata as readMeta } from "./metadata.js";
import { applyPrivacy, privacySettings } from "./privacy.js";
export { readCsvTable, type RawTable, type ReadCsvOptions } from "./internal/read-csv.js";
export { readTable } from "./internal/read-table.js";
export { DEFAULT_NA_MARKERS } from "./internal/column-accumulator.js";
// How a table's cells are read and viewed, shared with the evaluation so both parse a value alike.
export { NULL_CODE, parseNumber, type RawColumn } from "./internal/column-accumulator.js";
export { asNumbers, asText } from "./internal/column-views.js";
export { formatDatetime, parseDatetime } from "./internal/datetime-format.js";
export { pearson } from "../../numeric/index.js";
export { inferColumnType, COLUMN_TYPES, type ColumnOverride, type ColumnType, type InferredType } from "./infer.js";
export { parseMetadata, readMetadata, type Metadata } from "./metadata.js";
export { fitModel, type FitColumnReport, type FitOptions, type FitResult } from "./fit.js";
export { readModel, validateModel, writeModel } from "./model-file.js";
export { holdoutRows, selectRows, splitTable } from "./table-rows.js";
export { tableCsv, writeTableCsv } from "./write-table.js";
export { modelGenerator, type SampleOptions } from "./sampler.js";
export { parseConditions, type Condition } from "./conditions.js";
export { applyPrivacy, privacySettings, smoothMarginal, PRIVACY_LEVELS, type PrivacyLevel, type PrivacySettings } from "./privacy.js";
export * from "./model-types.js";
export { MODEL_RESOLVER_URL, resolveTableSource } from "./model-source.js";

/**
 * Reads a CSV or Parquet file and fits a model to it (what `mimic fit` does).
 *
 * @example
 * const { model, columns } = await fit("cars.csv"); // or fit("cars.csv", { privacy: "high" })
 * for (const c of columns) console.log(c.name, c.type, c.model);
 */
export async function fit(
  path: string,
  options: { metadataPath?: string; signal?: AbortSignal; privacy?: string; na?: readonly string[] } = {},
): Promise<Fitted> {
  const settings = privacySettings(options.privacy ?? "off");
  const table = await readAny(path, { ...(options.signal ? { signal: options.signal } : {}), ...(options.na ? { na: options.na } : {}) });
  const metadata = options.metadataPath
    ? await readMeta(
        options.metadataPath,
        table.columns.map((c) => c.name),
      )
    : undefined;
  const fitted = fitTable(table, metadata);
  return { ...fitted, model: applyPrivacy(fitted.model, settings) };
}
