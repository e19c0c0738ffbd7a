// The graph between the tables of a schema, read before any table is compiled: which table's rows
// belong to which (a `reference` with `perParent`), which tables others point into (uniform or
// weighted references), and which columns are aggregates of a child table. Tables are then compiled
// parents first, and rows are generated family by family (see database.ts).
import { suggest } from "../../errors/index.js";
import type { Sampler } from "../distributions/index.js";
import { samplerFromSchema } from "./distribution.js";
import { isObj, type Checker, type Obj } from "./internal/checker.js";

/** A table whose rows belong to rows of another: each parent row gets `counts` children. */
export interface ParentLink {
  parent: string;
  /** The parent's column the reference takes (its key). */
  column: string;
  /** The reference column of the child. */
  via: string;
  counts: Sampler;
}

/** Rows of a table that has no parent and no `rows:` of its own, in a whole-schema run. */
export const DEFAULT_TABLE_ROWS = 1000;

export const AGGREGATE_FUNCTIONS = ["sum", "count", "min", "max", "mean"] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** A parent column computed from its children's rows. */
export interface AggregateSpec {
  name: string;
  child: string;
  fn: AggregateFunction;
  /** The child column aggregated (absent for count). */
  column: string | undefined;
  path: string;
}

/** A column that takes another table's key (a foreign key). */
export interface ForeignKey {
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
  /**
   * The child's rows come in ascending order of this column: a perParent reference (children are
   * made parent by parent) to a numeric sequence that rises with the parent's row. A loader can
   * then check the key by walking both tables' indexes in step (see dbload/ddl.ts).
   */
  inKeyOrder: boolean;
}

/**
 * A column that takes part in a `unique:` tuple of its table. `parent`: the tuple is the table's
 * perParent reference and this reference, so each parent's children take distinct rows of the
 * other table (sampled without replacement). `table`: the tuple is uniform references only, so the
 * row index goes through a keyed permutation of every combination of their rows (mixed radix).
 */
export type DistinctSpec = { within: "parent" } | { within: "table"; tuple: readonly string[]; index: number; radix: readonly number[] };

export interface Relations {
  /** Per table, the columns made distinct by its `unique:` tuples. */
  distinct: Map<string, Map<string, DistinctSpec>>;
  /** Primary key columns per table: `primaryKey`, else the column other tables refer to. */
  keys: Map<string, string[]>;
  foreignKeys: ForeignKey[];
  parentOf: Map<string, ParentLink>;
  childrenOf: Map<string, string[]>;
  aggregates: Map<string, AggregateSpec[]>;
  /** Tables in an order where every table comes after the tables it refers to. */
  order: string[];
  /**
   * Tables whose `perParent` reference has a problem of its own (reported): they have no parent, so
   * their `parent.x`, `within: parent` and the aggregates over them are not checked, which would
   * only repeat that problem as others.
   */
  unlinked: Set<string>;
}

/** The smallest value a distribution description can produce (-Infinity when unbounded below). */
export function lowestValue(d: unknown): number {
  if (!isObj(d)) return -Infinity;
  const n = (k: string): number => (typeof d[k] === "number" ? d[k] : -Infinity);
  const list = (k: string): number => (Array.isArray(d[k]) && d[k].length > 0 && d[k].every((x) => typeof x === "number") ? Math.min(...d[k]) : -Infinity);
  switch (d.name) {
    case "uniform":
    case "truncnormal":
    case "triangular":
      return n("min");
    case "constant":
      return n("value");
    case "discrete":
    case "empirical":
      return list("values");
    case "mixture":
      return Array.isArray(d.components) ? Math.min(...d.components.map((x) => (isObj(x) ? lowestValue(x.distribution) : -Infinity))) : -Infinity;
    case "normal":
      return n("sd") === 0 ? n("mean") : -Infinity;
    case "lognormal":
    case "exponential":
    case "gamma":
    case "beta":
    case "poisson":
    case "negbinomial":
    case "binomial":
    case "bernoulli":
      return 0;
    case "zipf":
      return 1;
    default:
      return -Infinity;
  }
}

/** The largest value a distribution description can produce (Infinity when unbounded above). */
export function highestValue(d: unknown): number {
  if (!isObj(d)) return Infinity;
  const n = (k: string): number => (typeof d[k] === "number" ? d[k] : Infinity);
  const list = (k: string): number => (Array.isArray(d[k]) && d[k].length > 0 && d[k].every((x) => typeof x === "number") ? Math.max(...d[k]) : Infinity);
  switch (d.name) {
    case "uniform":
    case "truncnormal":
    case "triangular":
      return n("max");
    case "constant":
      return n("value");
    case "discrete":
    case "empirical":
      return list("values");
    case "binomial":
      return n("n");
    case "bernoulli":
    case "beta":
      return 1;
    case "zipf":
      return n("n");
    default:
      return Infinity;
  }
}

/** A plain numeric `sequence` with a positive step: its values rise with the row index. */
function risesWithRow(spec: unknown): boolean {
  if (!isObj(spec) || spec.kind !== "sequence") return false;
  const step = spec.step ?? 1;
  return typeof step === "number" && step > 0 && spec.pattern === undefined && spec.within === undefined && (spec.scope ?? "row") === "row";
}

/** Reads the references and aggregates of every table; reports unknown tables and columns, cycles and bad counts. */
export function readRelations(tables: Obj, c: Checker): Relations {
  const names = Object.keys(tables);
  const parentOf = new Map<string, ParentLink>();
  const aggregates = new Map<string, AggregateSpec[]>();
  const edges = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  const foreignKeys: ForeignKey[] = [];
  const keys = new Map<string, string[]>();
  const unlinked = new Set<string>();
  const columnsOf = (t: string): Obj | undefined => {
    const spec = tables[t];
    return isObj(spec) && isObj(spec.columns) ? spec.columns : undefined;
  };
  const tableAt = (o: Obj, at: string, self: string): string | undefined => {
    const target = o.table;
    if (typeof target !== "string") {
      c.add(`${at}.table`, target === undefined ? "required" : "invalid_type", "name the table this column refers to (one of tables:)");
      return undefined;
    }
    if (!Object.hasOwn(tables, target)) {
      c.add(`${at}.table`, "unknown_table", `there is no table "${target}"${suggest(target, names)}; the schema has ${names.join(", ")}`);
      return undefined;
    }
    if (target === self) {
      c.add(`${at}.table`, "cycle", `a table cannot refer to itself ("${self}"); make a second table for the other side`);
      return undefined;
    }
    return target;
  };

  for (const table of names) {
    const cols = columnsOf(table);
    if (cols === undefined) continue;
    for (const [name, spec] of Object.entries(cols)) {
      if (!isObj(spec)) continue;
      const at = `tables.${table}.columns.${name}`;
      if (spec.kind === "reference") readReference(table, name, spec, at);
      if (spec.kind === "aggregate") readAggregate(table, name, spec, at);
    }
  }

  function readReference(table: string, name: string, spec: Obj, at: string): void {
    const before = c.count;
    readReferenceChecked(table, name, spec, at);
    if (spec.perParent !== undefined && c.count > before) unlinked.add(table);
  }

  function readReferenceChecked(table: string, name: string, spec: Obj, at: string): void {
    const target = tableAt(spec, at, table);
    const column = spec.column;
    if (typeof column !== "string")
      c.add(`${at}.column`, column === undefined ? "required" : "invalid_type", "name the column of the other table (its key) to take");
    if (target === undefined || typeof column !== "string") return;
    const targetCols = columnsOf(target);
    if (targetCols !== undefined && !Object.hasOwn(targetCols, column)) {
      const known = Object.keys(targetCols);
      c.add(`${at}.column`, "unknown_column", `table "${target}" has no column "${column}"${suggest(column, known)}; it has ${known.join(", ")}`);
      return;
    }
    edges.get(table)!.add(target);
    const targetSpec = targetCols?.[column];
    if (isObj(targetSpec) && targetSpec.hidden === true)
      c.add(`${at}.column`, "invalid_value", `"${target}.${column}" is hidden, so a database could not check the reference; make it visible`);
    if (spec.hidden !== true)
      foreignKeys.push({ table, column: name, refTable: target, refColumn: column, inKeyOrder: spec.perParent !== undefined && risesWithRow(targetSpec) });
    if (spec.perParent === undefined) return;
    const countsAt = `${at}.perParent`;
    if (parentOf.has(table)) {
      c.add(
        countsAt,
        "invalid_value",
        `table "${table}" already belongs to "${parentOf.get(table)!.parent}" through "${parentOf.get(table)!.via}"; a table has one parent`,
      );
      return;
    }
    const before = c.count;
    const counts = samplerFromSchema(spec.perParent, countsAt, c);
    if (c.count > before || counts === undefined) return;
    if (lowestValue(spec.perParent) < 0) {
      c.add(
        countsAt,
        "negative_count",
        `${counts.label} can be negative, and a parent cannot have fewer than 0 children; use poisson, negbinomial, or a discrete table of counts ≥ 0`,
      );
      return;
    }
    const own = tables[table];
    if (isObj(own) && own.rows !== undefined)
      c.add(`tables.${table}.rows`, "invalid_value", `the rows of "${table}" follow from its parent "${target}" (perParent of ${name}); remove rows here`);
    parentOf.set(table, { parent: target, column, via: name, counts });
  }

  function readAggregate(table: string, name: string, spec: Obj, at: string): void {
    c.keys(spec, at, ["kind", "table", "fn", "column", "description", "hidden"], "an aggregate column");
    const child = tableAt(spec, at, table);
    const fn = c.string(spec, "fn", at, { required: true, oneOf: AGGREGATE_FUNCTIONS, hint: `one of ${AGGREGATE_FUNCTIONS.join(", ")}` });
    const column = c.string(spec, "column", at);
    if (fn !== undefined && fn !== "count" && column === undefined)
      c.add(`${at}.column`, "required", `"column" is required: the column of the child table to ${fn}`);
    if (child === undefined || fn === undefined) return;
    const childCols = columnsOf(child);
    if (column !== undefined && childCols !== undefined && !Object.hasOwn(childCols, column)) {
      const known = Object.keys(childCols);
      c.add(`${at}.column`, "unknown_column", `table "${child}" has no column "${column}"${suggest(column, known)}; it has ${known.join(", ")}`);
      return;
    }
    const list = aggregates.get(table) ?? [];
    list.push({ name, child, fn: fn as AggregateFunction, column, path: at });
    aggregates.set(table, list);
  }

  // Primary keys: as declared, else the column other tables take.
  for (const table of names) {
    const spec = tables[table];
    const declared = isObj(spec) ? spec.primaryKey : undefined;
    const at = `tables.${table}.primaryKey`;
    if (declared !== undefined) {
      const list = typeof declared === "string" ? [declared] : declared;
      if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === "string")) {
        c.add(at, "invalid_type", "primaryKey must be a column name or a list of column names (a composite key)");
        continue;
      }
      const cols = columnsOf(table) ?? {};
      const missing = list.filter((x) => !Object.hasOwn(cols, x) || (isObj(cols[x]) && cols[x].hidden === true));
      if (missing.length > 0) {
        c.add(
          at,
          "unknown_column",
          `primaryKey names ${missing.map((m) => `"${m}"`).join(", ")}, not a visible column of "${table}"${suggest(missing[0]!, Object.keys(cols))}`,
        );
        continue;
      }
      keys.set(table, list);
    }
  }
  for (const fk of foreignKeys) if (!keys.has(fk.refTable)) keys.set(fk.refTable, [fk.refColumn]);

  // Aggregates need their child to belong to this table (checked once every parent is known).
  for (const [table, list] of aggregates) {
    for (const a of list) {
      if (unlinked.has(a.child)) continue;
      const link = parentOf.get(a.child);
      if (link !== undefined && link.parent !== table)
        c.add(
          `${a.path}.table`,
          "invalid_value",
          `"${a.child}" belongs to "${link.parent}", not to "${table}"; aggregate a table whose rows belong to this one`,
        );
      else if (link === undefined)
        c.add(
          `${a.path}.table`,
          "invalid_value",
          `"${a.child}" has no reference to "${table}" with perParent, so its rows do not belong to rows of "${table}"`,
        );
    }
  }

  const distinct = new Map<string, Map<string, DistinctSpec>>();
  for (const table of names) {
    const spec = tables[table];
    if (isObj(spec) && spec.unique !== undefined) readUnique(table, spec.unique, `tables.${table}.unique`);
  }

  /** `unique: [[a, b], …]` (or one tuple `[a, b]`): see DistinctSpec for what can be made distinct by construction. */
  function readUnique(table: string, raw: unknown, at: string): void {
    const tuples = Array.isArray(raw) && raw.every((x) => typeof x === "string") ? [raw] : raw;
    if (!Array.isArray(tuples) || tuples.length === 0 || !tuples.every((t) => Array.isArray(t) && t.length >= 2 && t.every((x) => typeof x === "string"))) {
      c.add(
        at,
        "invalid_type",
        "unique is a list of column tuples, e.g. [[customer_id, product_id]] (each of 2 or more columns; one column alone is the unique kind)",
      );
      return;
    }
    const cols = columnsOf(table) ?? {};
    const own = new Map<string, DistinctSpec>();
    (tuples as string[][]).forEach((tuple, k) => {
      const tupleAt = `${at}.${k}`;
      const missing = tuple.filter((x) => !Object.hasOwn(cols, x));
      if (missing.length > 0) {
        c.add(tupleAt, "unknown_column", `"${table}" has no column ${missing.map((m) => `"${m}"`).join(", ")}${suggest(missing[0]!, Object.keys(cols))}`);
        return;
      }
      const reference = (x: string): Obj | undefined => {
        const col = cols[x];
        return isObj(col) && col.kind === "reference" && typeof col.table === "string" && Object.hasOwn(tables, col.table) ? col : undefined;
      };
      const rowsOf = (t: string): number => {
        const target = tables[t];
        return isObj(target) && typeof target.rows === "number" ? target.rows : DEFAULT_TABLE_ROWS;
      };
      const link = parentOf.get(table);
      if (link !== undefined && tuple.includes(link.via)) {
        const others = tuple.filter((x) => x !== link.via);
        const other = others.length === 1 ? reference(others[0]!) : undefined;
        if (other === undefined || other.perParent !== undefined) {
          c.add(
            tupleAt,
            "unsupported",
            `within a parent, a tuple of "${link.via}" and one reference column (without perParent) can be made unique by construction; "${others.join(", ")}" is not one`,
          );
          return;
        }
        const space = rowsOf(other.table as string);
        const most = highestValue((cols[link.via] as Obj).perParent);
        if (most > space) {
          c.add(
            tupleAt,
            "value_space",
            `a "${link.parent}" row can get ${Number.isFinite(most) ? most : "any number of"} "${table}" rows, but "${other.table as string}" has only ${space} rows for "${others[0]!}" to take without repeating; bound perParent (e.g. a discrete table or binomial with n ≤ ${space}) or give "${other.table as string}" more rows`,
          );
          return;
        }
        own.set(others[0]!, { within: "parent" });
        return;
      }
      const refs = tuple.map(reference);
      if (refs.some((r) => r === undefined || r.perParent !== undefined || r.weight !== undefined)) {
        c.add(
          tupleAt,
          "unsupported",
          `a tuple unique over the whole table can be made by construction from uniform reference columns only (each combination of their rows at most once); ${link === undefined ? "" : `with "${link.via}" in it, it is unique within each parent; `}use references without weight or perParent`,
        );
        return;
      }
      if (link !== undefined) {
        c.add(
          tupleAt,
          "unsupported",
          `"${table}" gets its rows from its parent, so its row count is not known up front; a tuple unique over the whole table needs a table with its own rows`,
        );
        return;
      }
      const radix = refs.map((r) => rowsOf(r!.table as string));
      const space = radix.reduce((a, b) => a * b, 1);
      const rows = rowsOf(table);
      if (rows > space) {
        c.add(
          tupleAt,
          "value_space",
          `"${table}" has ${rows} rows but ${tuple.join(" × ")} has only ${space} combinations (${radix.join(" × ")}); fewer rows, or more rows in the referenced tables`,
        );
        return;
      }
      if (space > 2 ** 52) {
        c.add(tupleAt, "value_space", `${tuple.join(" × ")} has ${space} combinations, more than the 2^52 a permutation covers`);
        return;
      }
      tuple.forEach((x, index) => own.set(x, { within: "table", tuple, index, radix }));
    });
    if (own.size > 0) distinct.set(table, own);
  }

  // Aggregates need no edge: they are filled after the children, which come after the parent anyway.
  const order = topologicalOrder(names, edges, c);
  const childrenOf = new Map<string, string[]>();
  for (const t of order) {
    const link = parentOf.get(t);
    if (link !== undefined) childrenOf.set(link.parent, [...(childrenOf.get(link.parent) ?? []), t]);
  }
  // A table with a second, failed perParent reference still has the parent of its first.
  for (const t of parentOf.keys()) unlinked.delete(t);
  return { parentOf, childrenOf, aggregates, order, keys, foreignKeys, distinct, unlinked };
}

/** Depth-first order over `dependsOn`; reports each cycle once with its path. */
function topologicalOrder(names: readonly string[], dependsOn: Map<string, Set<string>>, c: Checker): string[] {
  const state = new Map<string, "open" | "done">();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (n: string): void => {
    if (state.get(n) === "done") return;
    if (state.get(n) === "open") {
      const cycle = [...stack.slice(stack.indexOf(n)), n].join(" → ");
      c.add(
        `tables.${n}`,
        "cycle",
        `tables refer to each other in a cycle: ${cycle}; one of the references must go (a table can only refer to tables made before it)`,
      );
      return;
    }
    state.set(n, "open");
    stack.push(n);
    for (const d of dependsOn.get(n) ?? []) visit(d);
    stack.pop();
    state.set(n, "done");
    order.push(n);
  };
  for (const n of names) visit(n);
  return order;
}
