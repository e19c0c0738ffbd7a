import type { BatchWriter, TableShape } from "../synth/batch.js";

/** Where a whole database goes: a writer per table, then `finish` (keys, commit) or `cleanup` (roll back). */
export interface DatabaseTarget {
  open(shape: TableShape): Promise<BatchWriter>;
  finish(): Promise<void>;
  cleanup(): Promise<void>;
}
