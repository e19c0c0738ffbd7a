// Exact copies: which rows of one table equal some row of another on the compared columns, found
// by hashing rows (no string per row). Hashes are made column by column, a tight loop per column
// (row by row, each row's values sat behind a switch on its column's kind); the index is a
// chained hash table in typed arrays (a Map of a million rows kept most keys as heap numbers).
import type { EncodedTable } from "./table.js";

const hashView = new Float64Array(1);
const hashBits = new Uint32Array(hashView.buffer);
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Mixes each row's value (its float bits; codes as numbers) into its FNV-1a hash. */
function mixNumbers(hashes: Int32Array, values: Float64Array | Int32Array): void {
  for (let i = 0; i < hashes.length; i++) {
    hashView[0] = values[i]!;
    let h = Math.imul(hashes[i]! ^ hashBits[0]!, FNV_PRIME);
    h = Math.imul(h ^ hashBits[1]!, FNV_PRIME);
    hashes[i] = h;
  }
}

/** A 32-bit hash of every row's values on `columns` (FNV-1a over the float bits; codes as numbers), as int32. */
function rowHashes(table: EncodedTable, columns: readonly number[]): Int32Array {
  const hashes = new Int32Array(table.rows).fill(FNV_OFFSET);
  for (const c of columns) {
    const col = table.columns[c]!;
    mixNumbers(hashes, col.kind === "number" ? col.values : col.codes);
  }
  return hashes;
}

function sameRow(a: EncodedTable, i: number, b: EncodedTable, j: number, columns: readonly number[]): boolean {
  for (const c of columns) {
    const x = a.columns[c]!,
      y = b.columns[c]!;
    if (x.kind === "number" && y.kind === "number") {
      const u = x.values[i]!,
        v = y.values[j]!;
      if (u !== v && !(u !== u && v !== v)) return false;
    } else if (x.kind === "code" && y.kind === "code") {
      if (x.codes[i] !== y.codes[j]) return false;
    } else return false;
  }
  return true;
}

/** Rows of a table by hash: `first[slot]` starts a chain of rows through `next` (-1 ends it). */
export interface RowIndex {
  table: EncodedTable;
  columns: readonly number[];
  hashes: Int32Array;
  first: Int32Array;
  next: Int32Array;
  mask: number;
}

/** Indexes the rows of `table` by their values on `columns`. */
export function indexRows(table: EncodedTable, columns: readonly number[]): RowIndex {
  const hashes = rowHashes(table, columns);
  let size = 1024;
  while (size < 2 * table.rows) size *= 2;
  const first = new Int32Array(size).fill(-1);
  const next = new Int32Array(table.rows);
  const mask = size - 1;
  for (let i = table.rows - 1; i >= 0; i--) {
    const slot = hashes[i]! & mask;
    next[i] = first[slot]!;
    first[slot] = i;
  }
  return { table, columns, hashes, first, next, mask };
}

/** 1 for each row of `other` equal to some row of the index, 0 otherwise. */
export function copiedRows(index: RowIndex, other: EncodedTable): Uint8Array {
  const copied = new Uint8Array(other.rows);
  const hashes = rowHashes(other, index.columns);
  const { first, next, mask } = index;
  for (let i = 0; i < other.rows; i++) {
    const h = hashes[i]!;
    for (let j = first[h & mask]!; j >= 0; j = next[j]!) {
      if (index.hashes[j] === h && sameRow(other, i, index.table, j, index.columns)) {
        copied[i] = 1;
        break;
      }
    }
  }
  return copied;
}

/** Rows of `other` equal to some row of the index. */
export function countCopies(index: RowIndex, other: EncodedTable): number {
  let copies = 0;
  for (const c of copiedRows(index, other)) copies += c;
  return copies;
}
