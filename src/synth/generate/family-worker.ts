// Worker thread entry for a whole database: compiles the same tables from the same source and seed
// as the main thread, then generates (and encodes) the family chunks it is asked for.
import { parentPort, workerData } from "node:worker_threads";
import type { DatabaseSource } from "../datasets/dataset.js";
import { isMimicError } from "../../errors/index.js";
import { familyJob, familyTransferables, type FamilyResult, type TableEncoding } from "./family-job.js";
import { resolveDatabaseSource } from "./resolve-database.js";

/** Sent once at start. */
export interface FamilyWorkerSetup {
  source: DatabaseSource;
  seed: number | string;
  /** Per table name, how its writer takes encoded rows (absent: it takes batches). */
  encodings: [string, TableEncoding][];
}

/** Worker → main: a family chunk, or the failure that stopped the worker. */
export type FamilyWorkerReply = { type: "unit"; result: FamilyResult } | { type: "error"; code?: string; message: string; issues?: unknown };

const port = parentPort;
if (port) {
  const setup = workerData as FamilyWorkerSetup;
  const ready = resolveDatabaseSource(setup.source, setup.seed).then((database) => familyJob(database, new Map(setup.encodings)));
  port.on("message", (unit: number) => {
    ready
      .then((job) => {
        const result = job(unit);
        port.postMessage({ type: "unit", result } satisfies FamilyWorkerReply, familyTransferables(result));
      })
      .catch((error: unknown) => {
        const reply: FamilyWorkerReply = isMimicError(error)
          ? { type: "error", code: error.code, message: error.message, issues: error.issues }
          : { type: "error", message: error instanceof Error ? error.message : String(error) };
        port.postMessage(reply);
      });
  });
}
