import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MimicError } from "../../errors/index.js";
import { formatFromPath, openWriter } from "./open-writer.js";
import { openFileSink, streamSink } from "./output-sink.js";
import { coffeeLikeTable } from "./test-support/fixture-tables.js";

const dir = mkdtempSync(join(tmpdir(), "mimic-sink-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openFileSink", () => {
  it("writes under a hidden temporary name and renames into place only on close", async () => {
    const sub = mkdtempSync(join(dir, "ok-"));
    const target = join(sub, "out.csv");
    const sink = await openFileSink(target);
    await sink.write(Buffer.from("a,b\r\n"));
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(sub)).toHaveLength(1);
    await sink.close();
    expect(readdirSync(sub)).toEqual(["out.csv"]);
    expect(readFileSync(target, "utf8")).toBe("a,b\r\n");
  });

  it("abort removes the partial file and keeps an existing file untouched", async () => {
    const sub = mkdtempSync(join(dir, "abort-"));
    const target = join(sub, "keep.csv");
    const first = await openFileSink(target);
    await first.write(Buffer.from("old"));
    await first.close();
    const second = await openFileSink(target);
    await second.write(Buffer.from("new partial"));
    await second.abort();
    await second.abort();
    expect(readdirSync(sub)).toEqual(["keep.csv"]);
    expect(readFileSync(target, "utf8")).toBe("old");
  });

  it("refuses a missing folder, a read-only folder and a folder as the file, naming the fix", async () => {
    const missing = openFileSink(join(dir, "no-such-folder", "x.csv"));
    await expect(missing).rejects.toMatchObject({ code: "IO_UNWRITABLE", message: expect.stringMatching(/does not exist; create it/) as unknown });
    await expect(openFileSink(dir)).rejects.toMatchObject({ code: "IO_UNWRITABLE", message: expect.stringMatching(/is a folder/) as unknown });
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      // root ignores permissions; the check only means something for an ordinary user.
      if (process.getuid?.() !== 0) await expect(openFileSink(join(locked, "x.csv"))).rejects.toBeInstanceOf(MimicError);
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  it("writes straight to a device such as /dev/null instead of renaming over it", async () => {
    const sink = await openFileSink("/dev/null");
    await sink.write(Buffer.from("discarded"));
    await sink.close();
    expect(readdirSync("/dev").some((f) => f.startsWith(".null."))).toBe(false);
  });
});

describe("streamSink", () => {
  it("treats a reader that goes away (EPIPE) as the end of output, without an error", async () => {
    const head = spawn("head", ["-c", "10"], { stdio: ["pipe", "ignore", "ignore"] });
    const sink = streamSink(head.stdin, "head");
    const chunk = Buffer.alloc(1 << 16, 65);
    for (let i = 0; i < 2000 && !sink.closed; i++) await sink.write(chunk);
    expect(sink.closed).toBe(true);
    await sink.close();
  });
});

describe("openWriter", () => {
  it("picks the format from the file name", () => {
    expect(formatFromPath("a.csv")).toBe("csv");
    expect(formatFromPath("a.JSONL")).toBe("jsonl");
    expect(formatFromPath("a.ndjson")).toBe("jsonl");
    expect(formatFromPath("a.parquet")).toBe("parquet");
    expect(formatFromPath("data")).toBe("csv");
  });

  it("writes the CSV header, batches and pre-encoded chunks to one file", async () => {
    const table = coffeeLikeTable(5, 10);
    const target = join(dir, "coffee.csv");
    const writer = await openWriter({ format: "csv", shape: table.shape, out: target });
    expect(writer.acceptsEncoded).toBe(true);
    await writer.write(table.generateChunk(0, 10));
    await writer.close();
    const lines = readFileSync(target, "utf8").split("\r\n");
    expect(lines[0]).toBe('"transaction_id","date","time","product_id","product","calories","price","type","quantity","amount","payment_type"');
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe("");
  });
});
