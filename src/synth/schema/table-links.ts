// What ties one table of a multi-table schema to the others while it is compiled: the parent's
// columns it can read (`parent.x`), its aggregate columns (filled later), and the key columns of
// the tables its references point into.
import type { ColumnVector } from "../batch.js";
import type { Random } from "../../random/index.js";
import { FeistelPermutation } from "./runtime/feistel.js";
import type { CompiledTable, TableLinks } from "./compile-table.js";
import { isObj, type Checker, type Obj } from "./internal/checker.js";
import type { ReferenceTarget } from "./kinds/env.js";
import type { ChunkScope, ColumnShape } from "./plan.js";
import { DEFAULT_TABLE_ROWS, type Relations } from "./relations.js";

/**
 * Default rows per chunk of a table with children: its chunk is made with all of their rows (a
 * shop's 16,384 customers bring ~50,000 orders and ~90,000 items), so memory stays bounded.
 */
export const PARENT_CHUNK = 16384;

/** The index of a child row among its parent's children (0, 1, …), given to every child table. */
export const POSITION = "$position";

const INDEX_KINDS = ["sequence", "unique"];
const NUMERIC = ["int", "float", "decimal"];

export function tableLinks(name: string, specs: Obj, relations: Relations, compiled: ReadonlyMap<string, CompiledTable>, c: Checker, root: Random): TableLinks {
  const inputs = new Map<string, ColumnShape>();
  const link = relations.parentOf.get(name);
  const parent = link === undefined ? undefined : compiled.get(link.parent);
  if (parent !== undefined) {
    for (const [n, shape] of parent.allColumns) inputs.set(`parent.${n}`, shape);
    inputs.set(POSITION, { type: "int" });
  }
  const deferred = new Map<string, string>();
  for (const a of relations.aggregates.get(name) ?? [])
    deferred.set(a.name, `is the ${a.fn} of "${a.child}" rows, filled after they are made; no other column can read it`);

  const target = (table: string, column: string, weight: string | undefined, at: string): ReferenceTarget | undefined => {
    const other = compiled.get(table);
    if (other === undefined) return undefined; // its own problems are reported
    if (relations.parentOf.has(table)) {
      c.add(
        `${at}.table`,
        "invalid_value",
        `the rows of "${table}" follow from its parent, so they cannot be picked before it is made; refer to a table with its own rows, or add perParent`,
      );
      return undefined;
    }
    const spec = columnSpec(specs, table, column);
    if (spec === undefined || !INDEX_KINDS.includes(String(spec.kind)) || spec.scope === "group" || spec.nulls !== undefined) {
      c.add(
        `${at}.column`,
        "invalid_value",
        `"${table}.${column}" must be a sequence or unique column (row scope, no nulls): its values are computed from the row index, so the key of any row can be made without the others`,
      );
      return undefined;
    }
    const key = other.columnImpl(column);
    if (key === undefined) return undefined;
    const rows = other.rows ?? DEFAULT_TABLE_ROWS;
    if (rows === 0) {
      c.add(`${at}.table`, "invalid_value", `"${table}" has rows: 0, so there is no row to refer to`);
      return undefined;
    }
    const keysAt = (indices: Float64Array): ColumnVector => key.impl.generate(indexScope(indices, key.columnRng));
    if (weight === undefined) return { shape: key.impl.shape, rows, keysAt };
    const weightShape = other.allColumns.get(weight);
    if (weightShape === undefined || !NUMERIC.includes(weightShape.type)) {
      c.add(
        `${at}.weight`,
        weightShape === undefined ? "unknown_column" : "invalid_value",
        `"${table}" has no numeric column "${weight}" to weight its rows by`,
      );
      return undefined;
    }
    return { shape: key.impl.shape, rows, keysAt, weights: () => columnValues(other, weight, rows) };
  };
  const distinct = (column: string) => {
    const spec = relations.distinct.get(name)?.get(column);
    if (spec === undefined || spec.within === "parent") return spec;
    // One key set per tuple, whichever column asks: every column of it walks the same permutation.
    const rng = root.fork(name, "$unique", spec.tuple.join(","));
    const keys = Uint32Array.from({ length: FeistelPermutation.rounds }, () => rng.uint32());
    return { within: "table" as const, index: spec.index, radix: spec.radix, keys };
  };
  return { inputs, deferred, used: new Set(), references: { target, distinct }, ...(relations.childrenOf.has(name) ? { defaultChunkSize: PARENT_CHUNK } : {}) };
}

function columnSpec(specs: Obj, table: string, column: string): Obj | undefined {
  const t = specs[table];
  const spec = isObj(t) && isObj(t.columns) ? t.columns[column] : undefined;
  return isObj(spec) ? spec : undefined;
}

/** A scope whose rows are the given row indices: enough for columns computed from the row index. */
function indexScope(indices: Float64Array, columnRng: ChunkScope["columnRng"]): ChunkScope {
  const unused = (): never => {
    throw new Error("a key column read another column; only sequence and unique columns can be referenced");
  };
  return {
    chunkIndex: 0,
    length: indices.length,
    globalIndex: (i) => indices[i]!,
    rng: columnRng,
    columnRng,
    reader: unused,
    vector: unused,
    columns: undefined as unknown as ChunkScope["columns"],
    shapeOf: unused,
    shared: unused,
  };
}

/** Every value of one numeric column of a table (the weights of its rows), chunk by chunk. */
function columnValues(table: CompiledTable, column: string, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let k = 0, base = 0; base < rows; k++, base += table.chunkSize) {
    const length = Math.min(table.chunkSize, rows - base);
    const v = table.generateWith(k, length, base, new Map()).all.get(column)!;
    const values = v.values as Float64Array;
    for (let i = 0; i < length; i++) out[base + i] = v.nulls?.[i] === 1 ? 0 : values[i]!;
  }
  return out;
}
