import type { ColumnBatch, ColumnSpec, ColumnVector, TableGenerator } from "../batch.js";
import { fillStandardNormal, type Sampler } from "../distributions/index.js";
import { choleskyFlat, normalCdf } from "../../numeric/index.js";
import type { Random } from "../../random/index.js";
import { samplerFromSchema } from "./distribution.js";
import { compileExpression, type CompiledExpression } from "./expr/compile.js";
import { ExpressionSyntaxError } from "./expr/parse.js";
import { ExpressionTypeError, type ExprType } from "./expr/types.js";
import { isObj, type Checker, type Obj } from "./internal/checker.js";
import type { BuildEnv } from "./kinds/env.js";
import { KIND_NAMES, KINDS } from "./kinds/index.js";
import type { ChunkScope, ColumnImpl, ColumnShape } from "./plan.js";
import type { DataTable } from "./runtime/data.js";
import { expandToRows, exprTypeOf, makeReader, vecContext } from "./runtime/vectors.js";
import type { ColumnKind } from "./types.js";
import { readLocale } from "./internal/locale.js";
import type { LocaleCode } from "../locales/index.js";

export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFAULT_CHUNK = 65536;
const MAX_CHUNK = 1 << 20;

/** A compiled table: the TableGenerator contract plus the schema's default row count. */
export interface CompiledTable extends TableGenerator {
  /** `rows` from the schema, if it gives one (callers' --rows wins). */
  readonly rows: number | undefined;
  /** Every column by name (hidden ones too), in declaration order, with its shape. */
  readonly allColumns: ReadonlyMap<string, ColumnShape>;
  /**
   * Rows [base, base + length) as one chunk with stream index `chunkIndex`, with `inputs` (the
   * columns given from outside, see TableLinks) for its rows. Returns the batch and every column.
   */
  generateWith(
    chunkIndex: number,
    length: number,
    base: number,
    inputs: ReadonlyMap<string, ColumnVector>,
    /** Rows of each earlier chunk (default: chunkSize; a child table's follow from its parents). */
    lengthOf?: (chunkIndex: number) => number,
  ): { batch: ColumnBatch; all: Map<string, ColumnVector> };
  /** Inputs (see TableLinks) that some column reads: only those need to be made per chunk. */
  readonly inputsRead: readonly string[];
  /** A column's implementation and its chunk-independent stream (for keys computed from a row index). */
  columnImpl(name: string): { impl: ColumnImpl; columnRng: Random } | undefined;
}

/** How a table of a multi-table schema is tied to the others (see ../relations). */
export interface TableLinks {
  /** Columns given from outside for each chunk (the parent's as `parent.x`, `$position`), by name. */
  readonly inputs: ReadonlyMap<string, ColumnShape>;
  /** Columns declared on the table but filled from outside after the chunk (aggregates), with why they cannot be read. */
  readonly deferred: ReadonlyMap<string, string>;
  /** Inputs that some column reads (filled while compiling): only those are made per chunk. */
  readonly used: Set<string>;
  /** Rows per chunk when the table does not say (smaller for parents: a chunk carries its children too). */
  readonly defaultChunkSize?: number;
  /** Hooks for the `reference` kind (the other tables); absent for a lone table. */
  readonly references?: BuildEnv["references"];
}

interface Node {
  name: string;
  scope: "row" | "group";
  impl: ColumnImpl;
  nulls: number;
  hidden: boolean;
  nullable: boolean;
}

/** Validates and compiles one table; problems go to the checker and the result is then undefined. */
export function compileTable(
  table: string,
  value: unknown,
  path: string,
  c: Checker,
  dataOf: (name: unknown, at: string) => DataTable | undefined,
  root: Random,
  schemaLocale: LocaleCode,
  links?: TableLinks,
): CompiledTable | undefined {
  const t = c.object(value, path, `table "${table}"`);
  if (t === undefined) return undefined;
  const before = c.count;
  c.keys(t, path, ["rows", "chunkSize", "group", "columns", "correlations", "description", "locale", "primaryKey", "unique"], "a table");
  const rows = c.number(t, "rows", path, { integer: true, min: 0 });
  const tableLocale = readLocale(t, path, c) ?? schemaLocale;
  const chunkSize = c.number(t, "chunkSize", path, { integer: true, min: 1, max: MAX_CHUNK }) ?? links?.defaultChunkSize ?? DEFAULT_CHUNK;
  const cols =
    t.columns === undefined
      ? (c.add(`${path}.columns`, "required", '"columns" is required: a mapping of column name → description'), undefined)
      : c.object(t.columns, `${path}.columns`, "columns");
  if (cols === undefined) return undefined;
  const names = Object.keys(cols).filter((n) => links?.deferred.has(n) !== true);
  if (names.length === 0) c.add(`${path}.columns`, "invalid_value", "a table needs at least one column");
  for (const n of names)
    if (!NAME_RE.test(n)) c.add(`${path}.columns.${n}`, "invalid_name", `column name "${n}" must start with a letter or _ and hold only letters, digits and _`);

  // Groups (baskets).
  let group: { size: Sampler; max: number } | undefined;
  if (t.group !== undefined) {
    const g = c.object(t.group, `${path}.group`, "group");
    if (g !== undefined) {
      c.keys(g, `${path}.group`, ["size", "max"], "group");
      const max = c.number(g, "max", `${path}.group`, { integer: true, min: 1, max: MAX_CHUNK }) ?? 1000;
      const size =
        g.size === undefined
          ? (c.add(`${path}.group.size`, "required", '"size" is required: a distribution of group sizes'), undefined)
          : samplerFromSchema(g.size, `${path}.group.size`, c);
      if (size !== undefined) group = { size, max };
    }
  }

  // Correlation groups: member → its node and position.
  const copulaOf = new Map<string, { node: string; index: number; dimension: number }>();
  const copulaNodes = new Map<string, { members: string[]; chol: Float64Array }>();
  if (t.correlations !== undefined) {
    if (!Array.isArray(t.correlations)) c.add(`${path}.correlations`, "invalid_type", "correlations must be a list of { columns, matrix }");
    else t.correlations.forEach((item, k) => readCorrelation(item, `${path}.correlations[${k}]`, k, c, cols, copulaOf, copulaNodes));
  }

  // Resolve columns depth-first in dependency order: a column is built after what it reads.
  const state = new Map<string, "building" | "done">();
  const nodes = new Map<string, Node | null>();
  const order: string[] = [];
  const stack: string[] = [];
  const scopeOf = (n: string): "row" | "group" => (isObj(cols[n]) && cols[n].scope === "group" ? "group" : "row");

  const resolve = (name: string): void => {
    if (state.has(name)) return;
    state.set(name, "building");
    stack.push(name);
    const at = `${path}.columns.${name}`;
    nodes.set(name, buildColumn(name, cols[name], at));
    stack.pop();
    state.set(name, "done");
    if (nodes.get(name) !== null) order.push(name);
  };

  const buildColumn = (name: string, spec: unknown, at: string): Node | null => {
    const o = c.object(spec, at, `column "${name}"`);
    if (o === undefined) return null;
    const b = c.count;
    const kind = c.string(o, "kind", at, { required: true, oneOf: KIND_NAMES, hint: `one of ${KIND_NAMES.join(", ")}` });
    const hidden = c.boolean(o, "hidden", at) ?? false;
    const nulls = c.number(o, "nulls", at, { min: 0, max: 1 }) ?? 0;
    const scope = c.string(o, "scope", at, { oneOf: ["row", "group"] }) ?? "row";
    c.string(o, "description", at);
    if (scope === "group" && t.group === undefined)
      c.add(`${at}.scope`, "invalid_value", 'scope: group needs a "group" (with a size distribution) on the table');
    if (kind === undefined) return null;
    const env = makeEnv(name, scope as "row" | "group");
    const impl = KINDS[kind as ColumnKind](o, at, env);
    if (impl === undefined || c.count > b) return null;
    const copula = copulaOf.get(name);
    if (copula !== undefined && !order.includes(copula.node)) order.push(copula.node);
    const nullable = nulls > 0 || ["lookup", "switch", "expression"].includes(kind) || (kind === "constant" && o.value === null);
    return { name, scope: scope as "row" | "group", impl, nulls, hidden, nullable };
  };

  const makeEnv = (name: string, scope: "row" | "group"): BuildEnv => {
    // lag() and cumsum() read the earlier rows of a group, and groups never straddle chunks.
    const windowsBlocked =
      t.group === undefined
        ? "it reads earlier rows of the same group; give the table a group: { size: ... } of consecutive rows (rows of different chunks are generated apart)"
        : scope === "group"
          ? `"${name}" has scope: group (one value per group), and lag()/cumsum() run over the rows of a group`
          : undefined;
    const dep = (other: string, where: string): ExprType | undefined => {
      const input = links?.inputs.get(other);
      if (input !== undefined) {
        links!.used.add(other);
        return exprTypeOf(input);
      }
      const deferred = links?.deferred.get(other);
      if (deferred !== undefined) {
        c.add(where, "deferred_column", `"${other}" ${deferred}`);
        return { t: "any" };
      }
      if (!Object.hasOwn(cols, other) || !NAME_RE.test(other)) return undefined;
      if (state.get(other) === "building") {
        const cycle = [...stack.slice(stack.indexOf(other)), other].join(" → ");
        c.add(where, "cycle", `columns depend on each other in a cycle: ${cycle}; break it by computing one of them without the others`);
        return { t: "any" };
      }
      resolve(other);
      if (scope === "group" && scopeOf(other) === "row")
        c.add(where, "scope", `"${name}" has scope: group but reads "${other}", which has a value per row; give "${other}" scope: group too`);
      const node = nodes.get(other);
      return node === null || node === undefined ? { t: "any" } : exprTypeOf(node.impl.shape);
    };
    return {
      c,
      table,
      name,
      rows,
      columnNames: names,
      columnSpec: (n) => cols[n],
      locale: (o, at) => (o.locale === undefined ? tableLocale : readLocale(o, at, c)),
      dep,
      copula: copulaOf.get(name),
      data: (n, where) => dataOf(n, where),
      references: links?.references,
      inputShape: (n) => links?.inputs.get(n),
      hasGroups: t.group !== undefined,
      expr(source, where, blocked): CompiledExpression | undefined {
        if (typeof source !== "string" || source.trim() === "") {
          c.add(where, source === undefined ? "required" : "invalid_type", "an expression (text) is required, e.g. price * quantity");
          return undefined;
        }
        try {
          return compileExpression(source, (n) => dep(n, where), names, { windowsBlocked: blocked ?? windowsBlocked });
        } catch (e) {
          if (e instanceof ExpressionSyntaxError || e instanceof ExpressionTypeError) {
            c.add(where, e instanceof ExpressionSyntaxError ? "syntax" : "expression", `${e.message} in "${source}"`);
            return undefined;
          }
          throw e;
        }
      },
    };
  };
  for (const n of names) if (NAME_RE.test(n)) resolve(n);

  // Copula members must share a scope.
  for (const [node, { members }] of copulaNodes) {
    const scopes = new Set(members.map(scopeOf));
    if (scopes.size > 1) c.add(`${path}.correlations`, "scope", `the columns of ${node} mix scope: row and scope: group; give them the same scope`);
  }
  // A column can also fail silently because what it refers to (a data table) was already reported.
  if (c.count > before || [...nodes.values()].some((n) => n === null)) return undefined;
  const generator = buildGenerator(table, root, chunkSize, rows, group, names, nodes as Map<string, Node>, order, copulaNodes, scopeOf, links?.inputs);
  return { ...generator, inputsRead: [...(links?.used ?? [])] };
}

function readCorrelation(
  item: unknown,
  at: string,
  k: number,
  c: Checker,
  cols: Obj,
  copulaOf: Map<string, { node: string; index: number; dimension: number }>,
  nodes: Map<string, { members: string[]; chol: Float64Array }>,
): void {
  const o = c.object(item, at, "a correlation group");
  if (o === undefined) return;
  c.keys(o, at, ["columns", "matrix"], "a correlation group");
  const members = o.columns;
  if (!Array.isArray(members) || members.length < 2 || !members.every((m) => typeof m === "string")) {
    c.add(`${at}.columns`, "invalid_value", "columns must list at least two numeric column names");
    return;
  }
  let ok = true;
  for (const m of members) {
    const spec = cols[m];
    if (!isObj(spec) || spec.kind !== "numeric") {
      c.add(`${at}.columns`, "invalid_value", `"${m}" must be a numeric column of this table`);
      ok = false;
    } else if (copulaOf.has(m)) {
      c.add(`${at}.columns`, "invalid_value", `"${m}" is already in another correlation group`);
      ok = false;
    }
  }
  const d = members.length;
  const matrix = o.matrix;
  if (
    !Array.isArray(matrix) ||
    matrix.length !== d ||
    !matrix.every((row) => Array.isArray(row) && row.length === d && row.every((x) => typeof x === "number" && Number.isFinite(x)))
  ) {
    c.add(`${at}.matrix`, "invalid_value", `matrix must be ${d}×${d} numbers (one row and column per listed column)`);
    return;
  }
  const m = matrix as number[][];
  for (let i = 0; i < d; i++) {
    if (m[i]![i] !== 1) {
      c.add(`${at}.matrix[${i}][${i}]`, "invalid_value", "the diagonal of a correlation matrix must be 1");
      ok = false;
    }
    for (let j = 0; j < d; j++) {
      if (m[i]![j] !== m[j]![i] || Math.abs(m[i]![j]!) > 1) {
        c.add(`${at}.matrix[${i}][${j}]`, "invalid_value", "a correlation matrix must be symmetric with entries in [-1, 1]");
        ok = false;
      }
    }
  }
  const chol = ok ? choleskyFlat(m) : undefined;
  if (ok && chol === undefined)
    c.add(
      `${at}.matrix`,
      "not_positive_definite",
      "the correlation matrix is not positive definite (the correlations contradict each other); weaken some of them",
    );
  if (!ok || chol === undefined) return;
  const node = `$correlation${k}`;
  nodes.set(node, { members: members, chol });
  members.forEach((name, index) => copulaOf.set(name, { node, index, dimension: d }));
}

function buildGenerator(
  table: string,
  root: Random,
  chunkSize: number,
  rows: number | undefined,
  group: { size: Sampler; max: number } | undefined,
  names: readonly string[],
  nodes: Map<string, Node>,
  order: readonly string[],
  copulas: Map<string, { members: string[]; chol: Float64Array }>,
  scopeOf: (n: string) => "row" | "group",
  inputShapes: ReadonlyMap<string, ColumnShape> = new Map(),
): Omit<CompiledTable, "inputsRead"> {
  const visible = names.filter((n) => !nodes.get(n)!.hidden);
  const columns: ColumnSpec[] = visible.map((n) => {
    const node = nodes.get(n)!;
    const spec: ColumnSpec = { name: n, ...node.impl.shape };
    return node.nullable ? { ...spec, nullable: true } : spec;
  });
  // Copula nodes are pseudo-columns holding interleaved uniform scores.
  const copulaImpl = (members: string[], chol: Float64Array): ColumnImpl => ({
    shape: { type: "float" },
    generate(s) {
      const d = members.length;
      const z = new Float64Array(d);
      const out = new Float64Array(s.length * d);
      for (let i = 0; i < s.length; i++) {
        fillStandardNormal(s.rng, z);
        for (let a = 0; a < d; a++) {
          let x = 0;
          for (let b = 0; b <= a; b++) x += chol[a * d + b]! * z[b]!;
          out[i * d + a] = normalCdf(x);
        }
      }
      return { values: out };
    },
  });
  const plan = order.map((name) => {
    const cop = copulas.get(name);
    if (cop !== undefined) return { name, scope: scopeOf(cop.members[0]!), impl: copulaImpl(cop.members, cop.chol), nulls: 0 };
    const n = nodes.get(name)!;
    return { name, scope: n.scope, impl: n.impl, nulls: n.nulls };
  });
  const columnRngs = new Map(plan.map((p) => [p.name, root.fork(table, p.name)]));
  const layout = group === undefined ? undefined : groupLayout(group);
  // Groups in each earlier chunk, counted once per thread (its own buffers: `layout`'s are in use).
  const groupCounts: number[] = [0];
  const countLayout = group === undefined ? undefined : groupLayout(group);
  const groupsBefore = (chunkIndex: number, lengthOf: (k: number) => number): number => {
    for (let k = groupCounts.length - 1; k < chunkIndex; k++) {
      groupCounts.push(groupCounts[k]! + countLayout!(root.fork(table, "$group", k), lengthOf(k)).firstRow.length);
    }
    return groupCounts[chunkIndex]!;
  };

  const generateWith = (
    chunkIndex: number,
    length: number,
    base: number,
    inputs: ReadonlyMap<string, ColumnVector>,
    lengthOf: (k: number) => number = () => chunkSize,
  ) => {
    const rowVectors = new Map<string, ColumnVector>(inputs);
    const groupVectors = new Map<string, ColumnVector>();
    const shapes = new Map<string, ColumnShape>(inputShapes);
    let groupOfRow: Uint32Array | undefined;
    let firstRow: Uint32Array | undefined;
    if (layout !== undefined) ({ groupOfRow, firstRow } = layout(root.fork(table, "$group", chunkIndex), length));
    // A group column is repeated onto rows only when a row column or the output reads it.
    const rowVector = (n: string): ColumnVector => {
      let v = rowVectors.get(n);
      if (v === undefined) rowVectors.set(n, (v = expandToRows(groupVectors.get(n)!, groupOfRow!)));
      return v;
    };
    const shapeOf = (n: string): ColumnShape => shapes.get(n)!;
    const groupVector = (n: string): ColumnVector => groupVectors.get(n)!;
    // One vectorised view per space and chunk, so repeated calls (hour(time)) are computed once.
    const rowContext = vecContext(length, shapeOf, rowVector, firstRow === undefined ? undefined : { ofRow: groupOfRow!, firstRow });
    const groupContext = firstRow === undefined ? undefined : vecContext(firstRow.length, shapeOf, groupVector);
    const rowIndex = (i: number): number => base + i;
    const fr = firstRow;
    const groupIndex = fr === undefined ? rowIndex : (i: number): number => base + fr[i]!;
    let firstGroup: number | undefined;
    const groupOrdinal = (i: number): number => (firstGroup ??= groupsBefore(chunkIndex, lengthOf)) + i;
    // Draws shared by several columns of one space (the row's person, address): one per key.
    const sharedDraws = new Map<string, unknown>();
    for (const p of plan) {
      const rng = root.fork(table, p.name, chunkIndex);
      const inGroups = p.scope === "group" && groupOfRow !== undefined;
      const space = inGroups ? "group" : "row";
      const vector = inGroups ? groupVector : rowVector;
      const s: ChunkScope = {
        chunkIndex,
        ...(inGroups || groupOfRow === undefined ? {} : { groups: { ofRow: groupOfRow, firstRow: fr! } }),
        length: inGroups ? fr!.length : length,
        globalIndex: inGroups ? groupIndex : rowIndex,
        ...(inGroups ? { groupOrdinal } : {}),
        rng,
        columnRng: columnRngs.get(p.name)!,
        reader: (n) => makeReader(shapes.get(n)!, vector(n)),
        vector,
        shapeOf,
        columns: inGroups ? groupContext! : rowContext,
        shared<T>(key: string, make: (rng: Random) => T): T {
          const k = `${space}|${key}`;
          if (!sharedDraws.has(k)) sharedDraws.set(k, make(root.fork(table, key, space, chunkIndex)));
          return sharedDraws.get(k) as T;
        },
      };
      let v = p.impl.generate(s);
      if (p.nulls > 0) v = addNulls(v, rng.fork("$nulls"), p.nulls, s.length);
      shapes.set(p.name, p.impl.shape);
      if (inGroups) groupVectors.set(p.name, v);
      else rowVectors.set(p.name, v);
    }
    const all = new Map<string, ColumnVector>();
    for (const n of names) all.set(n, rowVector(n));
    return { batch: { length, chunkIndex, columns: visible.map(rowVector) }, all };
  };
  const allColumns = new Map(names.map((n) => [n, nodes.get(n)!.impl.shape] as const));
  return {
    shape: { name: table, columns },
    chunkSize,
    rows,
    allColumns,
    generateWith,
    generateChunk: (chunkIndex, length) => generateWith(chunkIndex, length, chunkIndex * chunkSize, new Map()).batch,
    columnImpl(name) {
      const node = nodes.get(name);
      const columnRng = columnRngs.get(name);
      return node === undefined || columnRng === undefined ? undefined : { impl: node.impl, columnRng };
    },
  };
}

function addNulls(v: ColumnVector, rng: Random, rate: number, n: number): ColumnVector {
  const nulls = v.nulls === undefined ? new Uint8Array(n) : Uint8Array.from(v.nulls);
  for (let i = 0; i < n; i++) if (rng.next() < rate) nulls[i] = 1;
  return { values: v.values, nulls };
}

/** Fills the group of each row and the first row of each group; returns the number of groups. */
function splitIntoGroups(sizes: Sampler, max: number, rng: Random, ofRow: Uint32Array, starts: Uint32Array, length: number): number {
  let r = 0;
  let g = 0;
  while (r < length) {
    const raw = Math.round(sizes.sample(rng));
    const size = Math.min(Math.max(Number.isFinite(raw) ? raw : 1, 1), max, length - r);
    starts[g] = r;
    const end = r + size;
    for (; r < end; r++) ofRow[r] = g;
    g++;
  }
  return g;
}

/**
 * Splits a chunk's rows into consecutive groups; the last one is cut at the chunk's end. The arrays
 * are scratch reused by the next chunk (nothing of them reaches the batch), grown to the largest.
 */
function groupLayout(group: { size: Sampler; max: number }): (rng: Random, length: number) => { groupOfRow: Uint32Array; firstRow: Uint32Array } {
  let ofRow = new Uint32Array(0);
  let starts = new Uint32Array(0);
  const { size: sizes, max } = group;
  return (rng, length) => {
    if (ofRow.length < length) {
      ofRow = new Uint32Array(length);
      starts = new Uint32Array(length);
    }
    const g = splitIntoGroups(sizes, max, rng, ofRow, starts, length);
    return { groupOfRow: ofRow.subarray(0, length), firstRow: starts.subarray(0, g) };
  };
}
