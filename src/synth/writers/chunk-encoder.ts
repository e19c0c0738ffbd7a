import type { ColumnBatch, TableShape } from "../batch.js";
import { MimicError } from "../../errors/index.js";
import { columnWriter, quoteString, type TextDialect } from "./column-fields.js";
import { scratchInts } from "./value-fields.js";

/** Serialises whole batches of one table into bytes; pure, so worker threads can run it. */
export interface ChunkEncoder {
  /** Bytes before the first row (the CSV header; empty for JSON Lines). */
  header(): Buffer;
  /** The rows of a batch, each terminated by the dialect's line ending. */
  encode(batch: ColumnBatch): Buffer;
}

// The per-row loops are leaf functions: a loop compiled on-stack mid-batch would otherwise lack
// type feedback for the code after it and bail out at the end of every batch.

/** Turns row lengths into row start offsets in place; returns the total. */
function lengthsToOffsets(at: Int32Array, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const len = at[i]!;
    at[i] = total;
    total += len;
  }
  return total;
}

function endLines(out: Uint8Array, at: Int32Array, n: number, eol: Uint8Array): void {
  const e0 = eol[0]!;
  if (eol.length === 2) {
    const e1 = eol[1]!;
    for (let i = 0; i < n; i++) {
      const q = at[i]!;
      out[q] = e0;
      out[q + 1] = e1;
    }
  } else for (let i = 0; i < n; i++) for (let k = 0; k < eol.length; k++) out[at[i]! + k] = eol[k]!;
}

/**
 * A CSV or JSON Lines encoder for a table. CSV follows RFC 4180 with CRLF line endings; strings,
 * dates and booleans are double-quoted (quotes doubled) and numbers are bare, like Python's
 * `csv.QUOTE_NONNUMERIC`; nulls are empty fields. JSON Lines writes one object per line.
 *
 * @example
 * const enc = createChunkEncoder("csv", generator.shape);
 * out.write(enc.header());
 * out.write(enc.encode(generator.generateChunk(0, 1000)));
 */
export function createChunkEncoder(dialect: TextDialect, shape: TableShape): ChunkEncoder {
  const specs = shape.columns;
  const width = specs.length;
  const columns = specs.map((spec) => columnWriter(dialect, spec));
  // Bytes before each field (CSV: a comma after the first; JSON: the key) and after the last one.
  const prefixes = specs.map(
    (spec, c) => new Uint8Array(Buffer.from(dialect === "csv" ? (c === 0 ? "" : ",") : `${c === 0 ? "{" : ","}${JSON.stringify(spec.name)}:`, "utf8")),
  );
  const eol = new Uint8Array(Buffer.from(dialect === "csv" ? "\r\n" : "}\n"));
  const fixedPerRow = prefixes.reduce((n, p) => n + p.length, 0) + eol.length;
  // Row lengths, then where each row's next field goes; reused between batches.
  const rowsOf = scratchInts();
  return {
    header() {
      if (dialect === "jsonl") return Buffer.alloc(0);
      return Buffer.from(specs.map((s) => quoteString("csv", s.name)).join(",") + "\r\n", "utf8");
    },
    encode(batch) {
      if (batch.columns.length !== width) {
        throw new MimicError("INTERNAL", `a batch of table "${shape.name}" has ${batch.columns.length} columns where its shape has ${width}.`);
      }
      const n = batch.length;
      // Pass 1: every row's length, so each field can be written straight to its final place.
      const at = rowsOf(n);
      at.fill(fixedPerRow, 0, n);
      for (let c = 0; c < width; c++) columns[c]!.measure(batch.columns[c]!, n, at);
      const total = lengthsToOffsets(at, n);
      // The exact size is known: one allocation. The buffer owns its memory (allocUnsafeSlow) so a
      // worker can transfer it to the main thread.
      const result = Buffer.allocUnsafeSlow(total);
      const out = new Uint8Array(result.buffer, result.byteOffset, total);
      // Pass 2: column by column (one monomorphic loop each), into the rows' slots.
      for (let c = 0; c < width; c++) columns[c]!.write(out, at, n, prefixes[c]!);
      endLines(out, at, n, eol);
      return result;
    },
  };
}
