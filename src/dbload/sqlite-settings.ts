// How mimic sets up a SQLite load, in one place: the benchmark's bare insert loop uses the same, so
// the two write the file the same way. Measured in docs/benchmarks.md (i22s).

/**
 * Run before the load's transaction. The journal stays SQLite's default (a rollback journal; an
 * existing file keeps its own mode): a fresh file's pages are written once, straight into it,
 * where WAL wrote them to the log and then again into the file at the checkpoint. `synchronous`
 * stays FULL: the commit returns once the file is on disk. OFF saved no CPU and would let a power
 * loss or OS crash right after "wrote N rows" lose or corrupt the committed file.
 */
export const SQLITE_LOAD_PRAGMAS: readonly string[] = ["synchronous = FULL"];

/**
 * Rows bound to one INSERT statement (`VALUES (…), (…), …`): a third less CPU per row than one
 * row a statement, since much of a one-row insert is running the statement, not storing the row.
 * Wide tables bind fewer rows, to stay within SQLITE_MAX_PARAMETERS.
 */
export const SQLITE_ROWS_PER_INSERT = 50;

/** Parameters one statement may bind: SQLite's limit before 3.32 (32,766 since), safe for any build. */
export const SQLITE_MAX_PARAMETERS = 999;
