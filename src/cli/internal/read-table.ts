import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Writable } from "node:stream";
import { readCsvTable, type RawTable } from "../../synth/model/index.js";
import { progressReporter } from "./progress.js";

/**
 * Reads a CSV table the way `fit` and `evaluate` do, drawing "reading <file>" progress (bytes,
 * rate, ETA) on a terminal once the command has run for a second (`since` is its start).
 */
export async function readTableShowingProgress(stderr: Writable & { isTTY?: boolean }, path: string, since: number): Promise<RawTable> {
  // A file that cannot be stat'ed is left to readCsvTable, which explains what is wrong with it.
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  const progress = progressReporter(stderr, size, { unit: "bytes", label: `reading ${basename(path)}`, since });
  try {
    return await readCsvTable(path, { onBytes: (read) => progress.update(read, size) });
  } finally {
    progress.done();
  }
}
