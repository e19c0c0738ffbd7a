import type { ColumnType } from "../../batch.js";

/** A runtime value inside an expression. Numbers are logical values (decimals as real numbers). */
export type Value = number | string | boolean | null;

/** Evaluates one row of the current chunk. */
export type Eval = (row: number) => Value;

/** Static type of an expression: a column type, `null` (the literal) or `any` (unknown, unchecked). */
export interface ExprType {
  t: ColumnType | "null" | "any";
  /** Decimal places when t is `decimal`. */
  scale?: number;
}

/** A type error or unknown name found while compiling an expression. */
export class ExpressionTypeError extends Error {}

export const isNumeric = (x: ExprType): boolean => x.t === "int" || x.t === "float" || x.t === "decimal" || x.t === "any" || x.t === "null";
export const isTemporal = (x: ExprType): boolean => x.t === "date" || x.t === "time" || x.t === "datetime";
export const describe = (x: ExprType): string => (x.t === "decimal" ? `decimal(${x.scale ?? 2})` : x.t);
