import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import type { TableSource } from "../datasets/dataset.js";
import { generate } from "./generate.js";

const resolverUrl = new URL("../parallel/test-support/fixture-resolver.ts", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "mimic-gen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const coffee: TableSource = { kind: "dataset", name: "coffee-like", options: { "chunk-size": "1000" } };

describe("generate", () => {
  it("writes the same file for 1 and 2 workers, reporting progress per chunk", async () => {
    const progress: number[] = [];
    const one = join(dir, "one.csv");
    const result = await generate({ source: coffee, seed: 9, rows: 4500, format: "csv", out: one, resolverUrl, onProgress: (n) => progress.push(n) });
    expect(result).toEqual({ rows: 4500, table: "coffee_like", complete: true });
    expect(progress).toEqual([1000, 2000, 3000, 4000, 4500]);
    const two = join(dir, "two.csv");
    await generate({ source: coffee, seed: 9, rows: 4500, format: "csv", out: two, workers: 2, resolverUrl });
    const bytes = readFileSync(one);
    expect(readFileSync(two).equals(bytes)).toBe(true);
    expect(bytes.toString().split("\r\n")).toHaveLength(4502);
    const other = join(dir, "other-seed.csv");
    await generate({ source: coffee, seed: 10, rows: 4500, format: "csv", out: other, resolverUrl });
    expect(readFileSync(other).equals(bytes)).toBe(false);
  });

  it("streams JSON Lines to a stream it does not close", async () => {
    const stream = new PassThrough();
    const parts: Buffer[] = [];
    stream.on("data", (b: Buffer) => parts.push(b));
    await generate({ source: coffee, seed: 1, rows: 10, format: "jsonl", out: stream, resolverUrl });
    expect(stream.writableEnded).toBe(false);
    const lines = Buffer.concat(parts).toString().trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toContain("payment_type");
  });

  it("removes the partial file when interrupted, and creates none for a bad source", async () => {
    const sub = mkdtempSync(join(dir, "stop-"));
    const controller = new AbortController();
    const run = generate({
      source: coffee,
      seed: 1,
      rows: 1_000_000,
      format: "csv",
      out: join(sub, "big.csv"),
      resolverUrl,
      signal: controller.signal,
      onProgress: (n) => n >= 3000 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: "OUTPUT_INTERRUPTED" });
    expect(readdirSync(sub)).toEqual([]);
    const bad = generate({ source: { kind: "dataset", name: "nope", options: {} }, seed: 1, rows: 5, format: "csv", out: join(sub, "x.csv"), resolverUrl });
    await expect(bad).rejects.toMatchObject({ code: "CLI_BAD_FLAG" });
    expect(readdirSync(sub)).toEqual([]);
    // With workers, the threads are started before the source is compiled; a bad source still
    // fails with its own error (not a worker failure) and the threads are stopped.
    const badWithWorkers = generate({
      source: { kind: "dataset", name: "nope", options: {} },
      seed: 1,
      rows: 5,
      format: "csv",
      out: join(sub, "x.csv"),
      workers: 3,
      resolverUrl,
    });
    await expect(badWithWorkers).rejects.toMatchObject({ code: "CLI_BAD_FLAG" });
    expect(readdirSync(sub)).toEqual([]);
  });
});
