import type { TableShape } from "../synth/batch.js";
import type { DatabaseWriter } from "../synth/generate/generate-database.js";

/** Where a whole database goes: a writer per table, then `finish` (keys, commit) or `cleanup` (roll back). */
export interface DatabaseTarget {
  open(shape: TableShape): Promise<DatabaseWriter>;
  finish(): Promise<void>;
  cleanup(): Promise<void>;
}
