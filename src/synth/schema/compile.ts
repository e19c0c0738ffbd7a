import { dirname } from "node:path";
import { readFileSync } from "node:fs";
import { MimicError, suggest, type Issue } from "../../errors/index.js";
import { createRandom, type Random } from "../../random/index.js";
import { compileTable, type CompiledTable } from "./compile-table.js";
import { Checker, type Obj } from "./internal/checker.js";
import { buildDatabase, type CompiledDatabase } from "./database.js";
import { readLocale } from "./internal/locale.js";
import { DEFAULT_LOCALE } from "../locales/index.js";
import { loadData, type DataTable } from "./runtime/data.js";
import { yaml } from "./yaml.js";
import { readRelations, type Relations } from "./relations.js";
import { tableLinks } from "./table-links.js";

export interface CompileOptions {
  /** Root seed: the same seed gives the same output. */
  seed: number | string;
  /** Which table to compile (required when the schema has more than one). */
  table?: string;
  /** Folder that data-file paths are relative to (set by loadSchemaFile; default: the working directory). */
  baseDir?: string;
}

/** What compileAll returns: the issues, and when there are none the compiled tables and their links. */
interface Compiled {
  issues: Issue[];
  tables: Map<string, CompiledTable>;
  relations: Relations | undefined;
  specs: Obj;
}

/** Validates every table; returns the issues and the compiled tables (empty when there are issues). */
function compileAll(input: unknown, root: Random, baseDir: string | undefined): Compiled {
  const c = new Checker();
  const tables = new Map<string, CompiledTable>();
  const o = c.object(input, "(schema)", "a schema");
  if (o === undefined) return { issues: c.issues, tables, relations: undefined, specs: {} };
  c.keys(o, "(schema)", ["version", "data", "tables", "description", "locale"], "a schema");
  const locale = readLocale(o, undefined, c) ?? DEFAULT_LOCALE;
  if (o.version !== undefined && o.version !== 1)
    c.add("version", "invalid_value", `version must be 1 (the only schema format so far), got ${JSON.stringify(o.version)}`);

  const data = new Map<string, DataTable | null>();
  if (o.data !== undefined) {
    const d = c.object(o.data, "data", "data");
    if (d !== undefined) for (const [name, v] of Object.entries(d)) data.set(name, loadData(name, v, `data.${name}`, c, baseDir) ?? null);
  }
  const dataOf = (name: unknown, at: string): DataTable | undefined => {
    if (typeof name !== "string") {
      c.add(at, name === undefined ? "required" : "invalid_type", "give the name of a data table declared under data:");
      return undefined;
    }
    if (!data.has(name)) {
      c.add(at, "unknown_data", `there is no data table "${name}"${suggest(name, [...data.keys()])}; declare it under data: with records or a file`);
      return undefined;
    }
    return data.get(name) ?? undefined; // a table that failed to load was already reported
  };

  if (o.tables === undefined) c.add("tables", "required", '"tables" is required: a mapping of table name → { columns: ... }');
  const t = o.tables === undefined ? undefined : c.object(o.tables, "tables", "tables");
  let relations: Relations | undefined;
  if (t !== undefined) {
    if (Object.keys(t).length === 0) c.add("tables", "invalid_value", "declare at least one table");
    for (const name of Object.keys(t))
      if (!/^[A-Za-z0-9_-]+$/.test(name)) c.add(`tables.${name}`, "invalid_name", `table name "${name}" may hold only letters, digits, _ and -`);
    relations = readRelations(t, c);
    // Parents first: a child's `parent.x` and a reference's key need the other table compiled.
    for (const name of relations.order) {
      // A child of a table that failed, or whose perParent reference failed, is not compiled: its
      // `parent.x` and `within: parent` would all be reported as problems of their own.
      const parent = relations.parentOf.get(name)?.parent;
      if ((parent !== undefined && !tables.has(parent)) || relations.unlinked.has(name)) continue;
      const table = compileTable(name, t[name], `tables.${name}`, c, dataOf, root, locale, tableLinks(name, t, relations, tables, c, root));
      if (table !== undefined) tables.set(name, table);
    }
  }
  const ok = c.count === 0;
  return { issues: c.issues, tables: ok ? tables : new Map<string, CompiledTable>(), relations: ok ? relations : undefined, specs: t ?? {} };
}

function fail(issues: readonly Issue[]): never {
  // The list itself travels in `issues` (the CLI prints one line per issue); the message names the
  // first problem so a caller that only logs `message` still sees where to start.
  const first = issues[0]!;
  const message =
    issues.length === 1
      ? `the schema has a problem and nothing was generated: ${first.path}: ${first.message}`
      : `the schema has ${issues.length} problems and nothing was generated. First: ${first.path}: ${first.message}; all ${issues.length} are listed below (error.issues), fix them together`;
  throw new MimicError("SCHEMA_INVALID", message, { issues });
}

/**
 * Every problem of a schema, as `{ code, path, message }` (empty when valid). Nothing is generated.
 *
 * @example
 * validateSchema({ tables: { t: { columns: { x: { kind: "numeric" } } } } });
 * // [{ code: "required", path: "tables.t.columns.x.distribution", message: "..." }]
 */
export function validateSchema(schema: unknown, options: { baseDir?: string } = {}): Issue[] {
  return compileAll(schema, createRandom(0), options.baseDir).issues;
}

/**
 * Validates and compiles one table of a schema into a TableGenerator for a seed. Throws
 * `MimicError("SCHEMA_INVALID")` listing every problem when the schema is invalid.
 *
 * @example
 * const table = compileSchema(defineSchema({ tables: { t: { columns: { id: { kind: "sequence" } } } } }), { seed: 42 });
 * table.generateChunk(0, 10).columns[0]; // { values: Float64Array [1, 2, …, 10] }
 */
export function compileSchema(schema: unknown, options: CompileOptions): CompiledTable {
  const { issues, tables, relations } = compileAll(schema, createRandom(options.seed), options.baseDir);
  if (issues.length > 0) fail(issues);
  const names = [...tables.keys()];
  const name = options.table ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    fail([
      {
        code: "table_required",
        path: "tables",
        message: `the schema has ${names.length} tables (${names.join(", ")}); choose one with the table option (--table)`,
      },
    ]);
  }
  const table = tables.get(name);
  if (table === undefined)
    fail([{ code: "unknown_table", path: "tables", message: `there is no table "${name}"${suggest(name, names)}; the schema has ${names.join(", ")}` }]);
  const parent = relations?.parentOf.get(name);
  if (parent !== undefined)
    fail([
      {
        code: "table_has_parent",
        path: `tables.${name}`,
        message: `the rows of "${name}" belong to rows of "${parent.parent}" and are made with them; generate the whole schema (no --table) to get both`,
      },
    ]);
  return table;
}

/**
 * Validates and compiles every table of a schema, tied together by their references, for a seed.
 * Throws `MimicError("SCHEMA_INVALID")` listing every problem when the schema is invalid.
 *
 * @example
 * const db = compileDatabase(schema, { seed: 42 });
 * for (const unit of db.plan) for (const { table, batch } of db.generate(unit)) write(table, batch);
 */
export function compileDatabase(schema: unknown, options: { seed: number | string; baseDir?: string }): CompiledDatabase {
  const root = createRandom(options.seed);
  const { issues, tables, relations, specs } = compileAll(schema, root, options.baseDir);
  if (issues.length > 0 || relations === undefined) fail(issues);
  return buildDatabase(specs, tables, relations, root);
}

/** A schema read from a file, with the folder its data paths are relative to. */
export interface LoadedSchema {
  schema: unknown;
  baseDir: string;
  path: string;
}

/**
 * Reads a YAML (.yaml/.yml) or JSON (.json) schema file. Throws IO_UNREADABLE when the file cannot
 * be read and SCHEMA_INVALID (issue code `syntax`, with line and column) when it cannot be parsed.
 * Validate or compile the result with `validateSchema` / `compileSchema(..., { baseDir })`.
 *
 * @example
 * const { schema, baseDir } = loadSchemaFile("my.yaml");
 * const table = compileSchema(schema, { seed: 1, baseDir });
 */
export function loadSchemaFile(path: string): LoadedSchema {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new MimicError("IO_UNREADABLE", `cannot read schema file "${path}" (${(e as NodeJS.ErrnoException).code ?? "error"}); check the path`, { cause: e });
  }
  let schema: unknown;
  try {
    schema = path.toLowerCase().endsWith(".json") ? JSON.parse(text) : yaml().parse(text, { maxAliasCount: 1000 });
  } catch (e) {
    const where = e instanceof yaml().YAMLParseError && e.linePos !== undefined ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
    const first = (e as Error).message.split("\n")[0] ?? "";
    fail([{ code: "syntax", path: "(file)", message: `cannot parse ${path}${where}: ${first}; check the indentation and quoting` }]);
  }
  return { schema, baseDir: dirname(path), path };
}
