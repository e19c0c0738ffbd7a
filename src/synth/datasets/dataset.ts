import type { TableGenerator } from "../batch.js";
import type { CompiledDatabase } from "../schema/database.js";

/** One option of a built-in dataset, exposed as a `mimic generate <dataset>` flag. */
export interface DatasetOption {
  /** Flag name without dashes, e.g. `start-date`, `stores`. */
  name: string;
  description: string;
  /** Default, as the user would type it; shown in --help and docs/datasets.md. */
  default: string;
}

/** What the CLI shows and parses for a built-in dataset, without loading the dataset itself. */
export interface DatasetInfo {
  name: string;
  summary: string;
  options: readonly DatasetOption[];
  /** A dataset of several related tables (a whole database), generated into a folder or a database. */
  multiTable?: boolean;
}

/** A built-in dataset: a documented schema with its data tables, compiled on demand. */
export interface DatasetDefinition extends DatasetInfo {
  /**
   * Compiles the dataset for a seed. `options` holds raw flag values by option name (absent →
   * default); invalid values throw MimicError with every problem listed.
   */
  build(options: Readonly<Record<string, string>>, seed: number | string): TableGenerator;
}

/** A built-in dataset of several related tables: compiled as a whole database. */
export interface DatabaseDatasetDefinition extends DatasetInfo {
  multiTable: true;
  /** Compiles every table for a seed; invalid options throw MimicError with every problem listed. */
  buildDatabase(options: Readonly<Record<string, string>>, seed: number | string): CompiledDatabase;
}

/** What a whole-database run compiles, in a form a worker thread can receive. */
export type DatabaseSource = { kind: "dataset"; name: string; options: Readonly<Record<string, string>> } | { kind: "schema"; path: string };

/**
 * What to generate, in a form a worker thread can receive (structured-clone safe): workers compile
 * the same source for the same seed and produce identical chunks.
 */
export type TableSource =
  | { kind: "dataset"; name: string; options: Readonly<Record<string, string>> }
  | { kind: "schema"; path: string; table?: string }
  // A model from `mimic fit`, with `--where` conditions; resolved by src/synth/model/model-source.ts.
  // `table` is always absent (typed so code reading `source.table` after ruling out datasets compiles).
  | { kind: "model"; path: string; where: readonly string[]; table?: undefined };
