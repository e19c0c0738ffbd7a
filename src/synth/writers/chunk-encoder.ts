import type { ColumnBatch, TableShape } from "../batch.js";
import { MimicError } from "../../errors/index.js";
import { columnFieldEncoder, quoteString, type FieldRuns, type TextDialect } from "./column-fields.js";

/** Serialises whole batches of one table into bytes; pure, so worker threads can run it. */
export interface ChunkEncoder {
  /** Bytes before the first row (the CSV header; empty for JSON Lines). */
  header(): Buffer;
  /** The rows of a batch, each terminated by the dialect's line ending. */
  encode(batch: ColumnBatch): Buffer;
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
  const columns = specs.map((spec) => columnFieldEncoder(dialect, spec));
  // Bytes before each field (separator, or in JSON the key) and after the last one.
  const prefixes = specs.map((spec, c) => new Uint8Array(Buffer.from(dialect === "csv" ? (c === 0 ? "" : ",") : `${c === 0 ? "{" : ","}${JSON.stringify(spec.name)}:`, "utf8")));
  const eol = new Uint8Array(Buffer.from(dialect === "csv" ? "\r\n" : "}\n"));
  const fixedPerRow = prefixes.reduce((n, p) => n + p.length, 0) + eol.length;
  // Where each row's next field goes (CSV), reused between batches.
  let rowAt = new Int32Array(0);
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
      const runs: FieldRuns[] = [];
      let total = fixedPerRow * n;
      for (let c = 0; c < width; c++) {
        const r = columns[c]!(batch.columns[c]!, n);
        runs.push(r);
        total += r.bytes;
      }
      // The exact size is known: one allocation, no bounds checks while interleaving. The buffer
      // owns its memory (allocUnsafeSlow) so a worker can transfer it to the main thread.
      const result = Buffer.allocUnsafeSlow(total);
      const out = new Uint8Array(result.buffer, result.byteOffset, total);
      const srcs = runs.map((r) => r.src);
      const starts = runs.map((r) => r.starts);
      const ends = runs.map((r) => r.ends);
      let p = 0;
      if (dialect === "csv") {
        // Column by column: each pass copies one column's runs with its arrays in locals (one
        // monomorphic loop per column), into row slots whose starts are known from the row lengths.
        if (rowAt.length < n) rowAt = new Int32Array(n);
        const at = rowAt;
        at.fill(0, 0, n);
        for (let c = 0; c < width; c++) {
          const s0 = starts[c]!;
          const e0 = ends[c]!;
          for (let i = 0; i < n; i++) at[i] = at[i]! + e0[i]! - s0[i]!;
        }
        // Every field is followed by one byte (a comma, or CR before the LF).
        for (let i = 0; i < n; i++) {
          const len = at[i]! + width + 1;
          at[i] = p;
          p += len;
        }
        const to = new DataView(result.buffer, result.byteOffset, total);
        for (let c = 0; c < width; c++) {
          const src = srcs[c]!;
          const s0 = starts[c]!;
          const e0 = ends[c]!;
          const after = c === width - 1 ? 13 : 44;
          // Four bytes at a time (unaligned DataView access compiles to plain loads and stores),
          // then the tail byte by byte: long fields such as IDs copy several times faster.
          const from = new DataView(src.buffer, src.byteOffset, src.byteLength);
          for (let i = 0; i < n; i++) {
            let q = at[i]!;
            let k = s0[i]!;
            const e = e0[i]!;
            for (; k + 4 <= e; k += 4, q += 4) to.setUint32(q, from.getUint32(k, true), true);
            for (; k < e; k++) out[q++] = src[k]!;
            out[q++] = after;
            at[i] = q;
          }
        }
        for (let i = 0; i < n; i++) out[at[i]!] = 10;
      } else {
        for (let i = 0; i < n; i++) {
          for (let c = 0; c < width; c++) {
            const prefix = prefixes[c]!;
            for (let k = 0; k < prefix.length; k++) out[p++] = prefix[k]!;
            const src = srcs[c]!;
            const e = ends[c]![i]!;
            for (let k = starts[c]![i]!; k < e; k++) out[p++] = src[k]!;
          }
          for (let k = 0; k < eol.length; k++) out[p++] = eol[k]!;
        }
      }
      return result;
    },
  };
}
