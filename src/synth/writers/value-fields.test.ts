import { describe, expect, it } from "vitest";
import type { ColumnBatch, TableShape } from "../batch.js";
import { createRandom } from "../../random/index.js";
import { createChunkEncoder } from "./chunk-encoder.js";

// The encoder copies fields four bytes at a time, reuses a repeated string's bytes and writes
// booleans from prepared runs: compare it with the obvious per-row string building on random
// batches with every length, repeats, quotes, non-ASCII text and nulls.
const shape: TableShape = {
  name: "mixed",
  columns: [
    { name: "id", type: "string", nullable: true },
    { name: "n", type: "int", nullable: true },
    { name: "ok", type: "bool", nullable: true },
    { name: "price", type: "decimal", scale: 2 },
    { name: "x", type: "float", scale: 3 },
    { name: "note", type: "string" },
  ],
};

const ALPHABET = ['a', 'b', '"', ",", "é", "€", "\n", "7"];

function randomBatch(seed: number, n: number): ColumnBatch {
  const rng = createRandom(seed);
  const text = (max: number) => Array.from({ length: rng.int(0, max) }, () => ALPHABET[rng.int(0, ALPHABET.length - 1)]!).join("");
  const ids: string[] = [];
  const idNulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Runs of the same ID (an order's lines), sometimes null.
    ids.push(i > 0 && rng.next() < 0.6 ? ids[i - 1]! : text(40));
    idNulls[i] = rng.next() < 0.1 ? 1 : 0;
  }
  const ints = Float64Array.from({ length: n }, () => rng.int(-1e6, 1e6));
  const intNulls = Uint8Array.from({ length: n }, () => (rng.next() < 0.1 ? 1 : 0));
  const bools = Uint8Array.from({ length: n }, () => rng.int(0, 1));
  const boolNulls = Uint8Array.from({ length: n }, () => (rng.next() < 0.2 ? 1 : 0));
  return {
    length: n,
    chunkIndex: 0,
    columns: [
      { values: ids, nulls: idNulls },
      { values: ints, nulls: intNulls },
      { values: bools, nulls: boolNulls },
      { values: Float64Array.from({ length: n }, () => rng.int(-99999, 99999)) },
      { values: Float64Array.from({ length: n }, () => rng.next() * 1000 - 500) },
      { values: Array.from({ length: n }, () => text(9)) },
    ],
  };
}

function reference(batch: ColumnBatch): string {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines: string[] = [];
  for (let i = 0; i < batch.length; i++) {
    const [id, n, ok, price, x, note] = batch.columns;
    const fields = [
      id!.nulls![i] ? "" : q((id!.values as string[])[i]!),
      n!.nulls![i] ? "" : String((n!.values as Float64Array)[i]),
      ok!.nulls![i] ? "" : (ok!.values as Uint8Array)[i] ? '"true"' : '"false"',
      ((price!.values as Float64Array)[i]! / 100).toFixed(2),
      (Math.round((x!.values as Float64Array)[i]! * 1000) / 1000).toFixed(3),
      q((note!.values as string[])[i]!),
    ];
    lines.push(fields.join(",") + "\r\n");
  }
  return lines.join("");
}

describe("text field encoding", () => {
  it("matches per-row string building on random batches, across batches of one encoder", () => {
    const enc = createChunkEncoder("csv", shape);
    for (const [seed, n] of [[1, 1], [2, 7], [3, 500], [4, 2000], [5, 3]] as const) {
      const batch = randomBatch(seed, n);
      expect(enc.encode(batch).toString("utf8")).toBe(reference(batch));
    }
  });

  it("writes booleans and repeated strings in JSON Lines too", () => {
    const batch = randomBatch(9, 50);
    const lines = createChunkEncoder("jsonl", shape).encode(batch).toString("utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(50);
    lines.forEach((line, i) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      expect(row.id).toBe(batch.columns[0]!.nulls![i] ? null : (batch.columns[0]!.values as string[])[i]);
      expect(row.ok).toBe(batch.columns[2]!.nulls![i] ? null : (batch.columns[2]!.values as Uint8Array)[i] === 1);
    });
  });
});
