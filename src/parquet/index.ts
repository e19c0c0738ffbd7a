// Parquet files read column by column, for every area that takes Parquet input (fit, evaluate,
// analyze). Writing stays with the writers of each area (synth/writers streams row groups).
export {
  looksLikeParquet,
  parquetColumnNames,
  parquetRowCount,
  readParquet,
  type ParquetColumn,
  type ParquetColumnKind,
  type ParquetNumberColumn,
  type ParquetTable,
  type ParquetTextColumn,
  type ReadParquetOptions,
} from "./read-parquet.js";
