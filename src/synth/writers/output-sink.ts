// Where encoded bytes go. A file is written under a temporary name in the same folder and renamed
// only when complete, so a reader never sees a half-written file and a failed run leaves nothing.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { open, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { MimicError } from "../../errors/index.js";

/** A byte destination with back-pressure: `write` resolves when the bytes may be reused. */
export interface OutputSink {
  /** What the output is called in messages: the file path, or `stdout`. */
  readonly target: string;
  /** True once the reader went away (a closed pipe): further writes are dropped. */
  readonly closed: boolean;
  write(bytes: Uint8Array): Promise<void>;
  /** Completes the output (renames the temporary file into place). */
  close(): Promise<void>;
  /** Removes any partial output; safe to call more than once and after a failed write. */
  abort(): Promise<void>;
}

function unwritable(path: string, cause: unknown): MimicError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const folder = dirname(path);
  const why =
    code === "ENOENT" && !existsSync(folder)
      ? `the folder ${folder} does not exist; create it or choose another --out`
      : code === "EACCES" || code === "EPERM"
        ? `there is no permission to write in ${folder}; choose a folder you can write to`
        : code === "EROFS"
          ? `${folder} is on a read-only file system; choose another --out`
          : code === "EISDIR"
            ? `it is a folder; give a file name such as ${join(path, "data.csv")}`
            : `the system refused (${code ?? String(cause)}); choose another --out`;
  return new MimicError("IO_UNWRITABLE", `Cannot write ${path}: ${why}.`, { cause });
}

/** Writes every byte (a file write may take fewer than asked). */
async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
}

function writeFailed(path: string, cause: unknown, whatHappened: string): MimicError {
  const code = (cause as NodeJS.ErrnoException).code ?? "unknown error";
  return new MimicError("OUTPUT_WRITE_FAILED", `Writing ${path} failed (${code})${whatHappened}. Free disk space or choose another --out.`, { cause });
}

/**
 * Opens a file for output through a temporary sibling (`.<name>.<random>.tmp`). Fails at once,
 * before anything is generated, when the folder is missing or not writable.
 *
 * @example
 * const sink = await openFileSink("out/sales.csv");
 * await sink.write(bytes);
 * await sink.close(); // out/sales.csv appears only now
 */
export async function openFileSink(path: string): Promise<OutputSink> {
  const finalPath = resolve(path);
  const existing = await stat(finalPath).catch(() => undefined);
  if (existing?.isDirectory()) throw unwritable(path, Object.assign(new Error("is a directory"), { code: "EISDIR" }));
  // /dev/null, a named pipe, a terminal: write straight to it (renaming over it would replace it).
  if (existing && !existing.isFile()) return openSpecialFile(path, finalPath);
  const tempPath = join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tempPath, "wx");
  } catch (cause) {
    throw unwritable(path, cause);
  }
  let finished = false;
  const fh = handle;
  const removeTemp = async () => {
    finished = true;
    await fh.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
  };
  return {
    target: path,
    closed: false,
    async write(bytes) {
      try {
        await writeAll(fh, bytes);
      } catch (cause) {
        await removeTemp();
        throw writeFailed(path, cause, "; the partial file was removed");
      }
    },
    async close() {
      if (finished) return;
      finished = true;
      try {
        await fh.close();
        await rename(tempPath, finalPath);
      } catch (cause) {
        await unlink(tempPath).catch(() => undefined);
        throw unwritable(path, cause);
      }
    },
    async abort() {
      if (!finished) await removeTemp();
    },
  };
}

async function openSpecialFile(path: string, finalPath: string): Promise<OutputSink> {
  let fh: FileHandle;
  try {
    fh = await open(finalPath, "w");
  } catch (cause) {
    throw unwritable(path, cause);
  }
  let open_ = true;
  const closeOnce = async () => {
    if (open_) await fh.close().catch(() => undefined);
    open_ = false;
  };
  return {
    target: path,
    closed: false,
    async write(bytes) {
      try {
        await writeAll(fh, bytes);
      } catch (cause) {
        await closeOnce();
        throw writeFailed(path, cause, "");
      }
    },
    close: closeOnce,
    abort: closeOnce,
  };
}

/**
 * Writes to a stream we do not own (stdout): waits on `drain`, never ends the stream, and treats a
 * reader that went away (EPIPE, as in `mimic generate … --out - | head`) as the end of output.
 */
export function streamSink(stream: Writable, target = "stdout"): OutputSink {
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    // EPIPE/ERR_STREAM_DESTROYED: the reader is gone. Anything else also ends the output quietly
    // rather than crashing the process from an unhandled 'error' event.
    void error;
    closed = true;
  };
  stream.on("error", onError);
  const settle = (wait: (done: () => void) => void) => new Promise<void>((resolveWait) => wait(resolveWait));
  return {
    target,
    get closed() {
      return closed || stream.destroyed;
    },
    async write(bytes) {
      if (closed || stream.destroyed) return;
      if (stream.write(bytes)) return;
      await settle((done) => {
        const finish = () => {
          stream.off("drain", finish);
          stream.off("close", finish);
          stream.off("error", finish);
          done();
        };
        stream.on("drain", finish);
        stream.on("close", finish);
        stream.on("error", finish);
      });
    },
    async close() {
      if (!closed && !stream.destroyed) await settle((done) => stream.write(new Uint8Array(0), () => done()));
      stream.off("error", onError);
    },
    abort() {
      stream.off("error", onError);
      return Promise.resolve();
    },
  };
}
