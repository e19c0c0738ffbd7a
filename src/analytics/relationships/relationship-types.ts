// The exact facts a table can hold beyond its columns' shapes and pairwise correlations: one column
// determining another, arithmetic between columns, an ordering, rows grouped under one id.

/**
 * A column as the detectors read it: codes (categories, ids; `nullCode` for a missing value) or
 * numbers (NaN for a missing value; datetimes as epoch milliseconds).
 */
export type FactColumn =
  | { name: string; kind: "codes"; codes: ArrayLike<number>; nullCode: number }
  | { name: string; kind: "numbers"; values: Float64Array; decimals: number; datetime: boolean };

/** `from` determines `to`: each value of `from` comes with one value of `to` (up to exceptions). */
export interface Determines {
  type: "determines";
  from: string;
  to: string;
}

/** `target = left + right`, `left − right` or `left × right`, to `target`'s decimal places. */
export interface Arithmetic {
  type: "arithmetic";
  target: string;
  op: "+" | "-" | "*";
  left: string;
  right: string;
}

/** `low ≤ high` (or `low < high` when `strict`). */
export interface Ordering {
  type: "order";
  low: string;
  high: string;
  strict: boolean;
}

/** Rows sharing a value of `by` form a group; `constant` columns have one value per group. */
export interface Grouping {
  type: "group";
  by: string;
  constant: string[];
}

export type Relationship = Determines | Arithmetic | Ordering | Grouping;

/** A relationship with how much of the table keeps it. */
export interface DetectedRelationship {
  relationship: Relationship;
  /** Rows it was measured on (both sides present). */
  rows: number;
  /** Share of those rows that keep it, in [0, 1]. */
  support: number;
}

/** Rows a value must be seen on before a mapping from it is learnt (fewer: generalised). */
export const MIN_SUPPORT_ROWS = 5;
/** Share of rows a detected relationship must hold on. */
export const MIN_RELATIONSHIP_SHARE = 0.99;

/** The relationship as a user writes it in the metadata file (`product -> price`, `amount = price * quantity`). */
export function relationshipText(r: Relationship): string {
  switch (r.type) {
    case "determines":
      return `${r.from} -> ${r.to}`;
    case "arithmetic":
      return `${r.target} = ${r.left} ${r.op} ${r.right}`;
    case "order":
      return `${r.high} ${r.strict ? ">" : ">="} ${r.low}`;
    case "group":
      return `group by ${r.by}` + (r.constant.length > 0 ? ` (constant: ${r.constant.join(", ")})` : "");
  }
}

/** Columns a relationship names. */
export function relationshipColumns(r: Relationship): string[] {
  switch (r.type) {
    case "determines":
      return [r.from, r.to];
    case "arithmetic":
      return [r.target, r.left, r.right];
    case "order":
      return [r.low, r.high];
    case "group":
      return [r.by, ...r.constant];
  }
}
