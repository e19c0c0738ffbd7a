import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Writable } from "node:stream";
import { readTable, type RawTable, type ReadCsvOptions } from "../../synth/model/index.js";
import { progressReporter } from "./progress.js";

/**
 * Reads a table (CSV or Parquet) the way `fit` and `evaluate` do, drawing "reading <file>"
 * progress (bytes, rate, ETA; CSV only, Parquet is read whole) on a terminal once the command has
 * run for a second (`since` is its start).
 */
export async function readTableShowingProgress(
  stderr: Writable & { isTTY?: boolean },
  path: string,
  since: number,
  options: Omit<ReadCsvOptions, "onBytes"> = {},
): Promise<RawTable> {
  // A file that cannot be stat'ed is left to readTable, which explains what is wrong with it.
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  const progress = progressReporter(stderr, size, { unit: "bytes", label: `reading ${basename(path)}`, since });
  try {
    return await readTable(path, { ...options, onBytes: (read) => progress.update(read, size) });
  } finally {
    progress.done();
  }
}
