/**
 * A seeded source of randomness. Every random function in mimic takes one; nothing reads the
 * global random source or the clock (lint forbids the former). Streams are derived by name, never by consumption order, so adding a
 * column or a worker never shifts another column's values.
 */
export interface Random {
  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number;
  /** A uniformly distributed double in [0, 1) with 53 random bits. */
  next(): number;
  /** A uniformly distributed integer in [min, max] (both inclusive), without modulo bias. */
  int(min: number, max: number): number;
  /**
   * An independent child stream named by `path` (e.g. table, column, chunk index). The child depends
   * only on this stream's key and the path, not on how many values were drawn before.
   */
  fork(...path: readonly (string | number)[]): Random;
}

/**
 * Version of the stream contract (algorithm + derivation). Golden tests pin output per version;
 * bump it only on purpose, because it changes every seeded output.
 */
export const RANDOM_STREAM_VERSION = 1;
