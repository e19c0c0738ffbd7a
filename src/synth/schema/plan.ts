import type { ColumnSpec, ColumnVector } from "../batch.js";
import type { Random } from "../../random/index.js";
import type { Eval } from "./expr/types.js";
import type { VecContext } from "./expr/vector.js";

/** What a column generator sees while filling one chunk (in row space or in group space). */
export interface ChunkScope {
  readonly chunkIndex: number;
  /** In row space of a table with groups: each row's group and each group's first row (in the chunk). */
  readonly groups?: { readonly ofRow: Uint32Array; readonly firstRow: Uint32Array };
  /** Number of values to produce (rows, or groups for `scope: group` columns). */
  readonly length: number;
  /** Global index of value i: its row's index in the table (a group's first row in group space). */
  readonly globalIndex: (i: number) => number;
  /**
   * In group space: the number of group i in the whole table, from 0, counting the groups of every
   * earlier chunk (drawn again from their own streams, once per thread), so `sequence` with
   * `scope: group` numbers groups 1, 2, 3… across chunks and workers.
   */
  readonly groupOrdinal?: (i: number) => number;
  /** This column's own stream: root.fork(table, column, chunkIndex). */
  readonly rng: Random;
  /** The column's chunk-independent stream root.fork(table, column): for keys shared by all chunks. */
  readonly columnRng: Random;
  /** Row reader of a column already generated in this scope. */
  readonly reader: (name: string) => Eval;
  readonly vector: (name: string) => ColumnVector;
  /** Whole-chunk view of the columns for vectorised expression evaluation. */
  readonly columns: VecContext;
  /** Output shape of a column already generated in this scope. */
  readonly shapeOf: (name: string) => ColumnShape;
  /**
   * Draws that several columns share (the person of a row, whose first name, last name and e-mail
   * are separate columns): made once per chunk and space from the stream root.fork(table, key,
   * space, chunkIndex), so they do not depend on which or how many columns read them. Keys start
   * with `$`, which no column name can.
   */
  shared<T>(key: string, make: (rng: Random) => T): T;
}

/** The output shape of a column, minus its name. */
export type ColumnShape = Omit<ColumnSpec, "name">;

/** A compiled column: its output shape and how to fill a chunk. */
export interface ColumnImpl {
  readonly shape: ColumnShape;
  generate(scope: ChunkScope): ColumnVector;
}
