import type { CompiledExpression } from "../expr/compile.js";
import type { ExprType } from "../expr/types.js";
import type { Checker, Obj } from "../internal/checker.js";
import type { ColumnVector } from "../../batch.js";
import type { ColumnImpl, ColumnShape } from "../plan.js";
import type { DataTable } from "../runtime/data.js";
import type { OutputType } from "../types.js";
import type { LocaleCode } from "../../locales/index.js";

/** What a column kind's builder may use: the checker, and resolution of what it refers to. */
export interface BuildEnv {
  readonly c: Checker;
  readonly table: string;
  /** Column name (for a switch branch: the switch's name). */
  readonly name: string;
  readonly columnNames: readonly string[];
  /** The table's `rows`, if the schema gives it (for checking a value space up front). */
  readonly rows: number | undefined;
  /** Another column's description as written (undefined if there is none). */
  columnSpec(name: string): unknown;
  /** The column's `locale`, else the table's, else the schema's (undefined after reporting an unknown one). */
  locale(o: Obj, path: string): LocaleCode | undefined;
  /** The type of another column this one reads (undefined if unknown); reports cycles and scope clashes. */
  dep(name: string, at: string): ExprType | undefined;
  /**
   * Parses and type-checks an expression; reports problems at `at` and returns undefined.
   * `windowsBlocked` says why lag()/cumsum() cannot be used there (default: the column's own rule).
   */
  expr(source: unknown, at: string, windowsBlocked?: string): CompiledExpression | undefined;
  /** A data table by name; reports a missing one at `at`. */
  data(name: unknown, at: string): DataTable | undefined;
  /** Whether the table has groups (a `group` with a size distribution). */
  readonly hasGroups: boolean;
  /** The shape of a column given from outside (`parent.x`, `$position`), if there is one. */
  inputShape(name: string): ColumnShape | undefined;
  /** The other tables of the schema, for the `reference` kind (absent when compiling a lone table). */
  readonly references: ReferenceHooks | undefined;
  /** Set when the column is a member of a correlation group. */
  readonly copula: { node: string; index: number; dimension: number } | undefined;
}

export type KindBuilder = (o: Obj, path: string, env: BuildEnv) => ColumnImpl | undefined;

export const OUTPUT_TYPES: readonly OutputType[] = ["int", "float", "decimal", "bool", "string"];

/** Reads `type` and `scale`; `fallback` when absent. */
export function outputShape(o: Obj, path: string, c: Checker, fallback: ColumnShape, allowed: readonly string[] = OUTPUT_TYPES): ColumnShape | undefined {
  const before = c.count;
  const type = c.string(o, "type", path, { oneOf: allowed });
  const scale = c.number(o, "scale", path, { integer: true, min: 0, max: 12 });
  if (c.count > before) return undefined;
  if (type === undefined) return scale === undefined ? fallback : { ...fallback, scale };
  if (type === "decimal") return { type: "decimal", scale: scale ?? 2 };
  if (type === "float") return scale === undefined ? { type: "float" } : { type: "float", scale };
  return { type: type as ColumnShape["type"] };
}

/** A table's key column that other tables point into: its values are a function of the row index. */
export interface ReferenceTarget {
  readonly shape: ColumnShape;
  readonly rows: number;
  /** The keys of the rows at these indices (each in [0, rows)). */
  keysAt(indices: Float64Array): ColumnVector;
  /** Per-row weights from a numeric column of the target (made once, on first use). */
  weights?: () => Float64Array;
}

/** What the `reference` kind may ask about the other tables of the schema. */
export interface ReferenceHooks {
  /** A key column of another table, with the weight column if one is named; reports problems at `at`. */
  target(table: string, column: string, weight: string | undefined, at: string): ReferenceTarget | undefined;
  /**
   * Whether this table's `unique:` makes the column distinct: within each parent, or over the
   * table with the keys of the permutation its tuple shares (the same for every column of it).
   */
  distinct(column: string): { within: "parent" } | { within: "table"; index: number; radix: readonly number[]; keys: Uint32Array } | undefined;
}
