import { describe, expect, it } from "vitest";
import type { OutputFormat } from "../batch.js";
import type { TableSource } from "../datasets/dataset.js";
import { createChunkEncoder } from "../writers/index.js";
import { produceChunks } from "./produce-chunks.js";
import { resolveTableSource } from "./test-support/fixture-resolver.js";

const resolverUrl = new URL("./test-support/fixture-resolver.ts", import.meta.url);

async function collect(source: TableSource, rows: number, format: OutputFormat, workers: number, signal?: AbortSignal) {
  const generator = resolveTableSource(source, 42);
  const parts: Buffer[] = [];
  const indexes: number[] = [];
  for await (const chunk of produceChunks({
    generator,
    source,
    seed: 42,
    resolverUrl,
    rows,
    format,
    workers,
    depthPerWorker: 1,
    ...(signal ? { signal } : {}),
  })) {
    indexes.push(chunk.chunkIndex);
    // Parquet chunks come back as batches: encode them here to compare the content.
    parts.push("bytes" in chunk ? Buffer.from(chunk.bytes) : createChunkEncoder("jsonl", generator.shape).encode(chunk.batch));
  }
  return { bytes: Buffer.concat(parts), indexes };
}

describe("produceChunks", () => {
  const source: TableSource = { kind: "dataset", name: "all-types", options: { "chunk-size": "100" } };

  it("yields the same bytes, in chunk order, for 1, 2 and 3 workers", async () => {
    const one = await collect(source, 1050, "csv", 1);
    expect(one.indexes).toEqual(Array.from({ length: 11 }, (_, i) => i));
    for (const workers of [2, 3]) {
      const many = await collect(source, 1050, "csv", workers);
      expect(many.indexes).toEqual(one.indexes);
      expect(many.bytes.equals(one.bytes)).toBe(true);
    }
    const jsonOne = await collect(source, 333, "jsonl", 1);
    expect(jsonOne.bytes.toString().split("\n")).toHaveLength(334);
    expect((await collect(source, 333, "jsonl", 2)).bytes.equals(jsonOne.bytes)).toBe(true);
  });

  it("hands Parquet batches over from workers intact", async () => {
    const one = await collect(source, 420, "parquet", 1);
    const two = await collect(source, 420, "parquet", 2);
    expect(two.bytes.equals(one.bytes)).toBe(true);
    expect(two.bytes.toString().split("\n")).toHaveLength(421);
  });

  it("reports a worker's MimicError with its code and issues", async () => {
    const failing: TableSource = { kind: "dataset", name: "fails-in-worker", options: {} };
    await expect(collect(failing, 100, "csv", 2)).rejects.toMatchObject({ code: "CONFIG_INVALID", issues: [{ code: "on_purpose" }] });
  });

  it("stops with OUTPUT_INTERRUPTED when the signal fires", async () => {
    const controller = new AbortController();
    const generator = resolveTableSource(source, 1);
    const run = async () => {
      let n = 0;
      for await (const _ of produceChunks({ generator, source, seed: 1, resolverUrl, rows: 100_000, format: "csv", workers: 2, signal: controller.signal })) {
        if (++n === 3) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ code: "OUTPUT_INTERRUPTED" });
  });
});
