// A whole schema generated at once: tables that belong to others (a reference with perParent) are
// made family by family. Chunk k of a table without a parent (a root) is made as usual; its
// children's chunk k holds the children of exactly those rows, their children's chunk k the
// grandchildren, and so on. So a chunk of a family depends only on k (and on the number of children
// in earlier chunks, counted first from the same streams), memory holds one family chunk at a
// time, and every child points to a parent that exists: referential integrity by construction.
import type { ColumnBatch, ColumnSpec, ColumnVector, TableShape } from "../batch.js";
import type { Random } from "../../random/index.js";
import type { CompiledTable } from "./compile-table.js";
import { isObj, type Obj } from "./internal/checker.js";
import type { ColumnShape } from "./plan.js";
import { DEFAULT_TABLE_ROWS, type AggregateSpec, type ForeignKey, type Relations } from "./relations.js";
import { expandToRows } from "./runtime/vectors.js";
import { POSITION } from "./table-links.js";

/** One chunk of one table of a family chunk. */
export interface TableChunk {
  table: string;
  batch: ColumnBatch;
}

/** A unit of work: chunk `chunkIndex` of the family of root table `root`. */
export interface FamilyChunk {
  root: string;
  chunkIndex: number;
}

export interface CompiledDatabase {
  /** Every table's output shape, in the schema's order. */
  readonly tables: readonly TableShape[];
  /** Each table's parent (tables with a perParent reference). */
  readonly parentOf: ReadonlyMap<string, { parent: string; column: string; via: string }>;
  /** Primary key columns of each table that has one. */
  readonly keys: ReadonlyMap<string, readonly string[]>;
  /** Every reference column, as a foreign key. */
  readonly foreignKeys: readonly ForeignKey[];
  /** The units of work, in output order: every chunk of every root table's family. */
  readonly plan: readonly FamilyChunk[];
  /** Rows of each table (counted from the child-count streams, without generating rows). */
  rowsOf(table: string): number;
  /** Generates one family chunk: a batch for the root and each of its descendants. */
  generate(unit: FamilyChunk): TableChunk[];
}

interface Made {
  length: number;
  all: Map<string, ColumnVector>;
  batch: ColumnBatch;
  /** For a child table: each row's parent row within the parent's chunk. */
  parentRow?: Uint32Array;
}

export function buildDatabase(specs: Obj, tables: ReadonlyMap<string, CompiledTable>, relations: Relations, root: Random): CompiledDatabase {
  const names = Object.keys(specs);
  const roots = relations.order.filter((t) => !relations.parentOf.has(t));
  const rootRows = (t: string): number => tables.get(t)!.rows ?? DEFAULT_TABLE_ROWS;
  const familyOf = new Map<string, string>();
  for (const t of relations.order) familyOf.set(t, relations.parentOf.has(t) ? familyOf.get(relations.parentOf.get(t)!.parent)! : t);
  const members = (r: string): string[] => relations.order.filter((t) => familyOf.get(t) === r);

  const shapes = names.map((n) => outputShape(n, specs, tables.get(n)!, relations, tables));

  const plan: FamilyChunk[] = [];
  for (const r of roots) {
    const chunks = Math.ceil(rootRows(r) / tables.get(r)!.chunkSize);
    for (let k = 0; k < chunks; k++) plan.push({ root: r, chunkIndex: k });
  }

  /** Children per parent row for chunk k of `child` (the same draws when counting and when generating). */
  const childCounts = (child: string, k: number, parentLength: number): Float64Array => {
    const counts = new Float64Array(parentLength);
    relations.parentOf.get(child)!.counts.fill(root.fork(child, "$children", k), counts);
    for (let i = 0; i < parentLength; i++) {
      const n = Math.round(counts[i]!);
      counts[i] = Number.isFinite(n) && n > 0 ? n : 0;
    }
    return counts;
  };
  const rootLength = (r: string, k: number): number => Math.min(tables.get(r)!.chunkSize, rootRows(r) - k * tables.get(r)!.chunkSize);

  // Offsets: rows of each family table before chunk k. Chunk k's lengths are known once chunk k
  // is made (its child counts are drawn then); a thread that makes chunk k without having made
  // the chunks before it counts those from the same streams first, without making rows. So a run
  // in plan order draws every child count once, and a worker only counts what it skipped.
  const offsets = new Map<string, Float64Array>();
  const countedTo = new Map<string, number>();
  for (const r of roots) {
    const chunks = Math.ceil(rootRows(r) / tables.get(r)!.chunkSize);
    for (const t of members(r)) offsets.set(t, new Float64Array(chunks + 1));
    countedTo.set(r, 0);
  }
  /** Records chunk k's lengths of family r (chunks before k already counted). */
  const record = (r: string, k: number, lengthOf: (t: string) => number): void => {
    for (const t of members(r)) {
      const o = offsets.get(t)!;
      o[k + 1] = o[k]! + lengthOf(t);
    }
    countedTo.set(r, k + 1);
  };
  /** Counts chunks of family r up to (not including) chunk `end` from the child-count streams. */
  const countTo = (r: string, end: number): void => {
    const family = members(r);
    for (let k = countedTo.get(r)!; k < end; k++) {
      const lengths = new Map<string, number>([[r, rootLength(r, k)]]);
      for (const t of family) {
        if (t === r) continue;
        const counts = childCounts(t, k, lengths.get(relations.parentOf.get(t)!.parent)!);
        let total = 0;
        for (let i = 0; i < counts.length; i++) total += counts[i]!;
        lengths.set(t, total);
      }
      record(r, k, (t) => lengths.get(t)!);
    }
  };

  const generate = ({ root: r, chunkIndex: k }: FamilyChunk): TableChunk[] => {
    const made = new Map<string, Made>();
    const family = members(r);
    countTo(r, k);
    for (const t of family) {
      const table = tables.get(t)!;
      const link = relations.parentOf.get(t);
      if (link === undefined) {
        const length = rootLength(t, k);
        const { batch, all } = table.generateWith(k, length, k * table.chunkSize, new Map());
        made.set(t, { length, batch, all });
        continue;
      }
      const parent = made.get(link.parent)!;
      const counts = childCounts(t, k, parent.length);
      let length = 0;
      for (let i = 0; i < counts.length; i++) length += counts[i]!;
      const parentRow = new Uint32Array(length);
      const position = new Float64Array(length);
      for (let p = 0, row = 0; p < counts.length; p++) {
        for (let j = 0; j < counts[p]!; j++, row++) {
          parentRow[row] = p;
          position[row] = j;
        }
      }
      const inputs = new Map<string, ColumnVector>();
      for (const name of table.inputsRead) {
        if (name === POSITION) inputs.set(name, { values: position });
        else inputs.set(name, expandToRows(parent.all.get(name.slice("parent.".length))!, parentRow));
      }
      const o = offsets.get(t)!;
      const { batch, all } = table.generateWith(k, length, o[k]!, inputs, (j) => o[j + 1]! - o[j]!);
      made.set(t, { length, batch, all, parentRow });
    }
    if (countedTo.get(r) === k) record(r, k, (t) => made.get(t)!.length);
    return family.map((t) => ({ table: t, batch: withAggregates(t, made, relations.aggregates.get(t) ?? [], shapes, tables) }));
  };

  return {
    tables: shapes,
    parentOf: new Map([...relations.parentOf].map(([t, l]) => [t, { parent: l.parent, column: l.column, via: l.via }])),
    keys: relations.keys,
    foreignKeys: relations.foreignKeys,
    plan,
    rowsOf: (t) => {
      const o = offsets.get(t)!;
      countTo(familyOf.get(t)!, o.length - 1);
      return o[o.length - 1]!;
    },
    generate,
  };
}

/** The table's output columns in declaration order, aggregates included where they are declared. */
function outputShape(name: string, specs: Obj, table: CompiledTable, relations: Relations, tables: ReadonlyMap<string, CompiledTable>): TableShape {
  const aggregates = new Map((relations.aggregates.get(name) ?? []).map((a) => [a.name, a]));
  const visible = new Map(table.shape.columns.map((c) => [c.name, c]));
  const spec = specs[name] as Obj;
  const columns: ColumnSpec[] = [];
  for (const [col, raw] of Object.entries(spec.columns as Obj)) {
    const a = aggregates.get(col);
    if (a !== undefined) {
      if (!(isObj(raw) && raw.hidden === true)) columns.push({ name: col, ...aggregateShape(a, tables.get(a.child)!) });
    } else if (visible.has(col)) columns.push(visible.get(col)!);
  }
  return { name, columns };
}

function aggregateShape(a: AggregateSpec, child: CompiledTable): ColumnShape {
  if (a.fn === "count") return { type: "int" };
  const of = child.allColumns.get(a.column!)!;
  if (a.fn === "mean") return { type: "float", nullable: true };
  if (a.fn === "sum") return of.type === "decimal" ? { type: "decimal", scale: of.scale ?? 2 } : { type: of.type === "int" ? "int" : "float" };
  return { ...of, nullable: true };
}

/** The table's batch in output order, with its aggregate columns computed from its children's rows. */
function withAggregates(
  t: string,
  made: Map<string, Made>,
  aggregates: readonly AggregateSpec[],
  shapes: readonly TableShape[],
  tables: ReadonlyMap<string, CompiledTable>,
): ColumnBatch {
  const own = made.get(t)!;
  if (aggregates.length === 0) return own.batch;
  const shape = shapes.find((s) => s.name === t)!;
  const columns = shape.columns.map((c) => {
    const a = aggregates.find((x) => x.name === c.name);
    if (a === undefined) return own.all.get(c.name)!;
    const child = made.get(a.child)!;
    const of = a.column === undefined ? undefined : { vector: child.all.get(a.column)!, shape: tables.get(a.child)!.allColumns.get(a.column)! };
    return aggregate(a.fn, child.parentRow!, own.length, of);
  });
  return { length: own.length, chunkIndex: own.batch.chunkIndex, columns };
}

/** sum/count/min/max/mean of the children's values per parent; decimals stay scaled integers (exact). */
export function aggregate(
  fn: AggregateSpec["fn"],
  parentRow: Uint32Array,
  parents: number,
  of: { vector: ColumnVector; shape: ColumnShape } | undefined,
): ColumnVector {
  const count = new Float64Array(parents);
  const out = new Float64Array(parents);
  const values = of?.vector.values as Float64Array | undefined;
  const nulls = of?.vector.nulls;
  // A decimal's mean is a float: its scaled integers are scaled back.
  const unit = of?.shape.type === "decimal" ? 10 ** (of.shape.scale ?? 2) : 1;
  const a = { fn };
  if (a.fn === "min" || a.fn === "max") out.fill(a.fn === "min" ? Infinity : -Infinity);
  for (let i = 0; i < parentRow.length; i++) {
    if (nulls?.[i] === 1) continue;
    const p = parentRow[i]!;
    count[p]!++;
    if (values === undefined) continue;
    const v = values[i]!;
    if (a.fn === "min") out[p] = Math.min(out[p]!, v);
    else if (a.fn === "max") out[p] = Math.max(out[p]!, v);
    else out[p]! += v;
  }
  if (a.fn === "count") return { values: count };
  if (a.fn === "sum") return { values: out };
  const empty = new Uint8Array(parents);
  let anyEmpty = false;
  for (let p = 0; p < parents; p++) {
    if (count[p] === 0) {
      empty[p] = 1;
      anyEmpty = true;
      out[p] = 0;
    } else if (a.fn === "mean") out[p] = out[p]! / count[p]! / unit;
  }
  return anyEmpty ? { values: out, nulls: empty } : { values: out };
}
