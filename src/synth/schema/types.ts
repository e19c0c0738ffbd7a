// The schema language, as TypeScript types. The YAML/JSON form is exactly this shape (see
// docs/schema.md); the TS builder (`defineSchema`) is typed by it. Keep it stable: the built-in
// datasets and users' files are written against it.
import type { Locale, PersonalColumn } from "./types-personal.js";

/** A whole schema: named data tables (for lookups) and named output tables. */
export interface Schema {
  /** Format version; only 1 exists. */
  version?: 1;
  /** Data tables referenced by `categorical.data` and `lookup.data`, by name. */
  data?: Record<string, DataSource>;
  /** Output tables by name (letters, digits, `_`, `-`). */
  tables: Record<string, TableSchema>;
  /** Locale of the name, place and company kinds (default en-US); a table or column can override it. */
  locale?: Locale;
}

/** A data table: records inline, or a `.csv` (header row) / `.json` (array of objects) file. */
export type DataSource =
  | { records: readonly Record<string, DataValue>[] }
  /** Path relative to the schema file (or to `compileSchema`'s `baseDir`). */
  | { file: string };

export type DataValue = string | number | boolean | null;

export interface TableSchema {
  /** Default number of rows when the caller does not say (e.g. `mimic generate` without --rows). */
  rows?: number;
  /** Rows per chunk (the unit of work and of random-stream derivation); default 65536. */
  chunkSize?: number;
  /** Consecutive rows that form one group (a basket): `scope: group` columns repeat within it. */
  group?: GroupSchema;
  /** Columns in output order. Names: a letter or `_`, then letters, digits, `_`. */
  columns: Record<string, ColumnSchema>;
  /** Gaussian-copula groups of numeric columns that are correlated with each other. */
  correlations?: readonly CorrelationSchema[];
  /** Locale of this table's name, place and company kinds (default: the schema's). */
  locale?: Locale;
  /** In a schema of several tables: the key column, or the columns of a composite key. */
  primaryKey?: string | readonly string[];
  /** Tuples of columns no two rows share, made by construction (docs/schema.md, Unique tuples). */
  unique?: readonly (readonly string[])[];
}

export interface GroupSchema {
  /** Group size distribution (rounded, at least 1); e.g. `{ name: discrete, values: [1,2,3,4], weights: [5,3,1,1] }`. */
  size: DistributionSchema;
  /** Upper bound on a group's size (default 1000). Groups never straddle chunks. */
  max?: number;
}

export interface CorrelationSchema {
  /** Two or more `numeric` columns of this table. */
  columns: readonly string[];
  /** Correlation matrix of their Gaussian copula (symmetric, 1 on the diagonal, positive definite). */
  matrix: readonly (readonly number[])[];
}

/** Logical output type (see `ColumnType` in batch.ts). */
export type OutputType = "int" | "float" | "decimal" | "bool" | "string";

/** Keys every column kind accepts. */
export interface ColumnBase {
  /** Not written to the output; still usable by other columns (helpers such as an age band). */
  hidden?: boolean;
  /** Probability in [0, 1] that a row's value is null (drawn from the column's own stream). */
  nulls?: number;
  /** `group`: one value per group, repeated on each of its rows. Default `row`. */
  scope?: "row" | "group";
  /** Free text, for people reading the schema. */
  description?: string;
}

export type ColumnSchema =
  | SequenceColumn
  | UniqueColumn
  | ConstantColumn
  | CategoricalColumn
  | NumericColumn
  | DateColumn
  | TimeColumn
  | DateTimeColumn
  | LookupColumn
  | ReferenceColumn
  | AggregateColumn
  | ExpressionColumn
  | SwitchColumn
  | TemplateColumn
  | PersonalColumn;

export type ColumnKind = ColumnSchema["kind"];

/** start, start+step, … from the global row index (or the group's first row with `scope: group`). */
export interface SequenceColumn extends ColumnBase {
  kind: "sequence";
  start?: number; // default 1
  step?: number; // default 1
  /** Render as text: each `#` is a digit, zero-padded, e.g. `ORD-######` → `ORD-000042`. */
  pattern?: string;
}

/**
 * Unique by construction: a keyed permutation (Feistel network) of the row index, rendered.
 * - `format: hex` (default): `length` hex digits (default 32);
 * - `format: uuid`: a version-4-shaped UUID;
 * - `format: int`: an integer in [`min`, `min` + 10^`digits`) (default digits 9, min 0);
 * - `pattern`: each `#` is a decimal digit, each `%` a hex digit; other characters are literal,
 *   e.g. `TX-########` or `K-%%%%%%`.
 * Asking for more rows than the id space holds is an error, never a duplicate.
 */
export interface UniqueColumn extends ColumnBase {
  kind: "unique";
  format?: "hex" | "uuid" | "int";
  length?: number;
  digits?: number;
  min?: number;
  pattern?: string;
}

export interface ConstantColumn extends ColumnBase {
  kind: "constant";
  value: DataValue;
  type?: OutputType;
  scale?: number;
}

/** Weights: a list aligned with `values`, or a map value → weight (unlisted values weigh 0). */
export type Weights = readonly number[] | Readonly<Record<string, number>>;

/**
 * Values with weights. Either `values` (a list, with optional `weights`; or a map value → weight)
 * or `data` + `field` (+ optional `weightField`) to draw from a data table's records.
 * `cases` change the weights per row: the first case whose `when` holds applies.
 */
export interface CategoricalColumn extends ColumnBase {
  kind: "categorical";
  values?: readonly (string | number | boolean)[] | Readonly<Record<string, number>>;
  weights?: readonly number[];
  data?: string;
  field?: string;
  weightField?: string;
  cases?: readonly CategoricalCase[];
  /** Output type; default `string`, or `int`/`float` when every value is a number. */
  type?: OutputType;
  scale?: number;
}

export interface CategoricalCase {
  /** An expression over other columns, e.g. `month(date) in [6, 7, 8]`. */
  when: string;
  /** Replace the weights for these rows (list aligned with values, or map value → weight). */
  weights?: Weights;
  /** Multiply the base weights of the listed values for these rows (others keep theirs). */
  scale?: Readonly<Record<string, number>>;
}

/** A number from a distribution, then clamped to [min, max], then rounded to the output type. */
export interface NumericColumn extends ColumnBase {
  kind: "numeric";
  distribution: DistributionSchema;
  min?: number;
  max?: number;
  /** `int` rounds to whole numbers; `decimal` keeps `scale` places exactly; default `float`. */
  type?: "int" | "float" | "decimal";
  /** Decimal places: exact for `decimal` (default 2), rounding for `float` (default: none). */
  scale?: number;
}

/** Days in [start, end] (both inclusive), weighted by weekday and month profiles. */
export interface DateColumn extends ColumnBase {
  kind: "date";
  start: string; // YYYY-MM-DD
  end: string; // YYYY-MM-DD, inclusive
  /** 7 weights Monday..Sunday, or a map `{ Sat: 1.4, Sun: 1.2 }` (unlisted days weigh 1). */
  weekdays?: ProfileWeights;
  /** 12 weights January..December, or a map `{ Dec: 2 }` (unlisted months weigh 1). */
  months?: ProfileWeights;
  /** Output format: `YYYY-MM-DD` (default), `MM/DD/YYYY`, `DD/MM/YYYY`, `iso`. */
  format?: string;
}

/** A time of day in [start, end), weighted by an hour-of-day profile. */
export interface TimeColumn extends ColumnBase {
  kind: "time";
  start?: string; // HH:mm or HH:mm:ss, default 00:00
  end?: string; // exclusive, default 24:00
  /** 24 weights for hours 0..23, or a map `{ 7: 10, 8: 12 }` (unlisted hours weigh 1). */
  hours?: ProfileWeights;
  /** Output format: `HH:mm:ss` (default), `HH:mm`. */
  format?: string;
}

/** An instant in [start, end) (UTC), weighted by weekday, month and hour-of-day profiles. */
export interface DateTimeColumn extends ColumnBase {
  kind: "datetime";
  start: string; // ISO 8601, e.g. 2024-01-01 or 2024-01-01T00:00:00Z
  end: string; // exclusive
  weekdays?: ProfileWeights;
  months?: ProfileWeights;
  hours?: ProfileWeights;
  /** Output format: `iso` (default, `2024-01-01T07:30:00.000Z`) or `YYYY-MM-DD HH:mm:ss`. */
  format?: string;
}

export type ProfileWeights = readonly number[] | Readonly<Record<string, number>>;

/**
 * The key of a row of another table of the schema (a foreign key; always one that exists).
 * - `perParent`: the rows of this table belong to rows of `table`: each of its rows gets a number
 *   of children drawn from this distribution (≥ 0), generated with it; `parent.x` in this table's
 *   expressions reads the parent row's column x. A table has at most one such reference.
 * - otherwise each row picks a row of `table` uniformly, or weighted by its numeric column `weight`;
 *   `column` must then be a `sequence` or `unique` column (computed from the row index).
 */
export interface ReferenceColumn extends ColumnBase {
  kind: "reference";
  table: string;
  column: string;
  perParent?: DistributionSchema;
  weight?: string;
}

/** A column computed from the rows of a child table (one that references this with perParent). */
export interface AggregateColumn extends ColumnBase {
  kind: "aggregate";
  table: string;
  /** sum (exact for decimals), count, min, max or mean of the children's `column`. */
  fn: "sum" | "count" | "min" | "max" | "mean";
  column?: string;
}

/** A field of the data-table record whose `match` field equals this row's `key` column. */
export interface LookupColumn extends ColumnBase {
  kind: "lookup";
  data: string;
  /** The column of this table holding the key. */
  key: string;
  /** The data field compared with the key (default: the same name as `key`). */
  match?: string;
  /** The data field to output. */
  field: string;
  /** Output type; default inferred from the data (`int`, `float`, `bool` or `string`); `date`/`datetime` parse ISO text. */
  type?: OutputType | "date" | "datetime";
  scale?: number;
}

/**
 * A value computed from other columns by a small, safe expression language (no `eval`):
 * numbers, 'strings', true/false, column names, + - * / %, comparisons, `and or not`, `in [..]`,
 * `cond ? a : b`, and functions (round, floor, ceil, abs, min, max, year, month, day, hour,
 * minute, weekday, concat, …; see docs/schema.md).
 */
export interface ExpressionColumn extends ColumnBase {
  kind: "expression";
  expr: string;
  /** Output type; default inferred (e.g. decimal × int → decimal). */
  type?: OutputType;
  scale?: number;
}

/** The first case whose `when` holds gives the row's value; otherwise `default` (null if absent). */
export interface SwitchColumn extends ColumnBase {
  kind: "switch";
  cases: readonly SwitchCase[];
  default?: BranchSchema | null;
}

export interface SwitchCase {
  when: string;
  /** A column description without a name (any kind but switch/sequence/unique), or null. */
  then: BranchSchema | null;
}

export type BranchSchema =
  ConstantColumn | CategoricalColumn | NumericColumn | DateColumn | TimeColumn | DateTimeColumn | LookupColumn | ExpressionColumn | TemplateColumn;

/** Text from other columns: `{house} {street} {street_type}`; `{{` and `}}` are literal braces. */
export interface TemplateColumn extends ColumnBase {
  kind: "template";
  template: string;
}

/**
 * A distribution by name and parameters:
 * uniform{min,max} · normal{mean,sd} · truncnormal{mean,sd,min,max} · lognormal{mu,sigma} ·
 * exponential{rate} · gamma{shape,scale} · beta{alpha,beta} · poisson{lambda} · negbinomial{mean,size} · binomial{n,p} ·
 * bernoulli{p} · zipf{n,s} · discrete{values,weights?} · empirical{values,interpolate?} ·
 * triangular{min,mode,max} · mixture{components:[{weight, distribution}]} · constant{value}
 */
export type DistributionSchema =
  | { name: "uniform"; min: number; max: number }
  | { name: "normal"; mean: number; sd: number }
  | { name: "truncnormal"; mean: number; sd: number; min: number; max: number }
  | { name: "lognormal"; mu: number; sigma: number }
  | { name: "exponential"; rate: number }
  | { name: "gamma"; shape: number; scale: number }
  | { name: "beta"; alpha: number; beta: number }
  | { name: "poisson"; lambda: number }
  | { name: "binomial"; n: number; p: number }
  | { name: "negbinomial"; mean: number; size: number }
  | { name: "bernoulli"; p: number }
  | { name: "zipf"; n: number; s: number }
  | { name: "discrete"; values: readonly number[]; weights?: readonly number[] }
  | { name: "empirical"; values: readonly number[]; interpolate?: boolean }
  | { name: "triangular"; min: number; mode: number; max: number }
  | { name: "mixture"; components: readonly { weight: number; distribution: DistributionSchema }[] }
  | { name: "constant"; value: number };

export type DistributionName = DistributionSchema["name"];
