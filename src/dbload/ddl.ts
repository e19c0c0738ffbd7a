// Tables, keys and values in SQL, for PostgreSQL and SQLite.
import type { ColumnSpec, TableShape } from "../synth/batch.js";
import type { CompiledDatabase, ForeignKey } from "../synth/schema/index.js";

export type Dialect = "postgres" | "sqlite";

/** A quoted identifier ("order", "Line Items" are fine). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The column type in a dialect. SQLite keeps dates and times as ISO text, which sorts and compares right. */
export function sqlType(spec: ColumnSpec, dialect: Dialect): string {
  const pg = dialect === "postgres";
  switch (spec.type) {
    case "int":
      return pg ? "BIGINT" : "INTEGER";
    case "float":
      return pg ? "DOUBLE PRECISION" : "REAL";
    case "decimal":
      return pg ? `NUMERIC(38, ${spec.scale ?? 2})` : "NUMERIC";
    case "bool":
      return pg ? "BOOLEAN" : "INTEGER";
    case "date":
      return pg ? "DATE" : "TEXT";
    case "time":
      return pg ? "TIME" : "TEXT";
    case "datetime":
      return pg ? "TIMESTAMPTZ" : "TEXT";
    default:
      return "TEXT";
  }
}

/**
 * The shape as loaded: dates, times and datetimes in their ISO form whatever the schema's display
 * format, so every database reads them the same way.
 */
export function loadShape(shape: TableShape): TableShape {
  return { name: shape.name, columns: shape.columns.map(({ format: _format, ...rest }) => rest) };
}

/**
 * CREATE TABLE. PostgreSQL tables are created bare and get their keys after loading (see
 * `constraintStatements`); SQLite cannot add constraints to a table, so its keys are declared here.
 */
export function createTable(shape: TableShape, database: CompiledDatabase, dialect: Dialect, qualify: (t: string) => string): string {
  const pk = database.keys.get(shape.name);
  const lines = shape.columns.map((c) => {
    const single = dialect === "sqlite" && pk?.length === 1 && pk[0] === c.name;
    return `  ${quoteIdent(c.name)} ${sqlType(c, dialect)}${c.nullable === true ? "" : " NOT NULL"}${single ? " PRIMARY KEY" : ""}`;
  });
  if (dialect === "sqlite") {
    if (pk !== undefined && pk.length > 1) lines.push(`  PRIMARY KEY (${pk.map(quoteIdent).join(", ")})`);
    for (const fk of database.foreignKeys.filter((f) => f.table === shape.name))
      lines.push(`  FOREIGN KEY (${quoteIdent(fk.column)}) REFERENCES ${quoteIdent(fk.refTable)} (${quoteIdent(fk.refColumn)})`);
  }
  return `CREATE TABLE ${qualify(shape.name)} (\n${lines.join(",\n")}\n)`;
}

/**
 * Adding a foreign key makes PostgreSQL check every child row with one anti-join of the child and
 * the parent. The tables were just loaded and have no statistics, so it plans a hash join of the
 * whole parent (a larger work_mem, which keeps that hash in memory, measured no gain). When the child's rows lie in the order of the reference and
 * its primary key starts with it, both primary-key indexes already list the rows in heap order, and
 * a merge join of the two indexes does the same check with no hash table: for coffee-shop's
 * line_items → transactions (2.1M → 1.2M rows) the check took a third less CPU (0.75–0.81 s
 * instead of 1.17–1.26 s, docs/benchmarks.md). With the rows loaded frozen (postgres.ts) both
 * scans are index-only and never read the rows (half that CPU again). In any other order the index
 * walk jumps around the heap (6× slower on shuffled rows), so it is only asked for here.
 */
function checksByMergeJoin(fk: ForeignKey, database: CompiledDatabase): boolean {
  const childKey = database.keys.get(fk.table);
  const parentKey = database.keys.get(fk.refTable);
  return fk.inKeyOrder && childKey?.[0] === fk.column && parentKey?.length === 1 && parentKey[0] === fk.refColumn;
}

const MERGE_JOIN_ONLY = ["SET enable_hashjoin = off", "SET enable_nestloop = off"];
const PLANNER_DEFAULTS = ["RESET enable_hashjoin", "RESET enable_nestloop"];

/** PostgreSQL: primary keys, then foreign keys (which need the keys they point to). */
export function constraintStatements(database: CompiledDatabase, qualify: (t: string) => string): string[] {
  const out: string[] = [];
  for (const [table, columns] of database.keys)
    out.push(`ALTER TABLE ${qualify(table)} ADD CONSTRAINT ${quoteIdent(`${table}_pkey`)} PRIMARY KEY (${columns.map(quoteIdent).join(", ")})`);
  for (const fk of database.foreignKeys) {
    const add = `ALTER TABLE ${qualify(fk.table)} ADD CONSTRAINT ${quoteIdent(`${fk.table}_${fk.column}_fkey`)} FOREIGN KEY (${quoteIdent(fk.column)}) REFERENCES ${qualify(fk.refTable)} (${quoteIdent(fk.refColumn)})`;
    if (checksByMergeJoin(fk, database)) out.push(...MERGE_JOIN_ONLY, add, ...PLANNER_DEFAULTS);
    else out.push(add);
  }
  return out;
}

/** Tables in an order where every table comes after the tables it references (for drops: reversed). */
export function tablesInLoadOrder(database: CompiledDatabase): string[] {
  const names = database.tables.map((t) => t.name);
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (t: string) => {
    if (done.has(t)) return;
    done.add(t);
    for (const fk of database.foreignKeys) if (fk.table === t) visit(fk.refTable);
    out.push(t);
  };
  names.forEach(visit);
  return out;
}
