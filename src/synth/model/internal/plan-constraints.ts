// Which of a table's exact relationships the model keeps, before the columns are fitted: the
// relationships found (analytics/relationships) merged with the metadata's `constraints:`, each
// declared one checked against the data, and the set reduced to what sampling can honour at once
// (each column determined by at most one other, no column both computed and mapping others).
import {
  breakingRows,
  denseKeys,
  detectRelationships,
  MAX_KEYS,
  relationshipColumns,
  relationshipKey,
  relationshipText,
  strideRows,
  type DetectedRelationship,
  type FactColumn,
  type Relationship,
} from "../../../analytics/relationships/index.js";

import { MimicError, type Issue } from "../../../errors/index.js";
import type { InferredType } from "../infer.js";
import type { ConstraintSpec } from "../metadata.js";
import { NULL_CODE, type RawColumn } from "./column-accumulator.js";
import type { RawTable } from "./read-csv.js";

/** What `fit` keeps: the relationships to honour, and the columns to fit as exact value lists. */
export interface ConstraintPlan {
  /** Every relationship found or declared, with its support (the fit report lists them). */
  found: DetectedRelationship[];
  /** The ones sampling honours (a subset of `found`, by relationshipKey). */
  kept: Relationship[];
  /** Number columns with many distinct values that take part in a `determines`: fitted as exact value lists. */
  discrete: Set<string>;
}

const COPULA_TYPES = new Set(["categorical", "boolean", "integer", "numeric", "datetime"]);

function factColumn(raw: RawColumn, type: InferredType["type"]): FactColumn | undefined {
  if (type === "identifier") return raw.storage === "text" ? { name: raw.name, kind: "codes", codes: raw.codes, nullCode: NULL_CODE } : { name: raw.name, kind: "numbers", values: raw.values, decimals: 0, datetime: false };
  if (!COPULA_TYPES.has(type)) return undefined;
  if (raw.storage === "text") return type === "categorical" || type === "boolean" ? { name: raw.name, kind: "codes", codes: raw.codes, nullCode: NULL_CODE } : undefined;
  if (raw.storage === "datetime") return { name: raw.name, kind: "numbers", values: raw.values, decimals: 0, datetime: true };
  return { name: raw.name, kind: "numbers", values: raw.values, decimals: raw.significant !== undefined ? 12 : raw.decimals, datetime: false };
}

/**
 * Finds the table's relationships and decides which the model keeps. Throws
 * MODEL_CONSTRAINT_CONTRADICTED when a declared one does not hold on the data, and
 * MODEL_BAD_METADATA when one names a column it cannot apply to.
 */
export function planConstraints(table: RawTable, types: ReadonlyMap<string, InferredType["type"]>, spec: ConstraintSpec | undefined): ConstraintPlan {
  const facts: FactColumn[] = [];
  for (const raw of table.columns) {
    const f = factColumn(raw, types.get(raw.name)!);
    if (f) facts.push(f);
  }
  const ids = table.columns.filter((c) => types.get(c.name) === "identifier").map((c) => c.name);
  let found = spec?.dropped === "all" ? [] : detectRelationships(facts, table.rowCount, { groupIds: ids });
  if (spec && spec.dropped !== "all") {
    const dropped = new Set(spec.dropped.map(relationshipKey));
    found = found.filter((d) => !dropped.has(relationshipKey(d.relationship)));
  }
  const declared = spec?.declared ?? [];
  const issues: Issue[] = [];
  const byName = new Map(facts.map((f) => [f.name, f]));
  for (const r of declared) {
    const unusable = relationshipColumns(r).filter((n) => !byName.has(n) || (r.type !== "group" && types.get(n) === "identifier"));
    if (unusable.length > 0) {
      issues.push({ code: "bad_constraint", path: "constraints", message: `"${relationshipText(r)}" names ${unusable.map((n) => `"${n}" (${types.get(n)})`).join(", ")}; relationships apply to numbers, datetimes and categories (and group by to an identifier)` });
      continue;
    }
    if (r.type === "group" && types.get(r.by) !== "identifier") {
      issues.push({ code: "bad_constraint", path: "constraints", message: `"${relationshipText(r)}": "${r.by}" is ${types.get(r.by)}; group by needs an id column (set columns: { ${r.by}: { type: identifier } })` });
      continue;
    }
    if ((r.type === "arithmetic" || r.type === "order") && relationshipColumns(r).some((n) => byName.get(n)!.kind !== "numbers")) {
      issues.push({ code: "bad_constraint", path: "constraints", message: `"${relationshipText(r)}" needs number or datetime columns` });
    }
  }
  if (issues.length > 0) throw new MimicError("MODEL_BAD_METADATA", `The metadata's constraints have ${issues.length} problem(s); fix each one listed.`, { issues });
  const contradicted: Issue[] = [];
  for (const r of declared) {
    const { rows, count } = breakingRows(r, facts, table.rowCount, 5);
    if (count > 0) {
      contradicted.push({ code: "contradicted", path: "constraints", message: `"${relationshipText(r)}" does not hold on ${count.toLocaleString("en-US")} row(s), e.g. data row(s) ${rows.map((i) => i + 1).join(", ")}` });
    }
  }
  if (contradicted.length > 0) {
    throw new MimicError("MODEL_CONSTRAINT_CONTRADICTED", `${contradicted.length} declared constraint(s) do not hold on the data; fix the rows listed or remove the constraint (fit finds relationships that hold on 99% of rows by itself).`, { issues: contradicted });
  }
  // Declared ones replace what was found (a declared group finds its constant columns here).
  for (const r of declared) {
    const key = relationshipKey(r);
    const at = found.findIndex((d) => relationshipKey(d.relationship) === key);
    if (r.type === "group" && at < 0) {
      const detected = detectRelationships(facts.filter((f) => f.name === r.by || types.get(f.name) !== "identifier"), table.rowCount, { groupIds: [r.by] }).find((d) => d.relationship.type === "group");
      found.push(detected ?? { relationship: r, rows: table.rowCount, support: 1 });
    } else if (at < 0) found.push({ relationship: r, rows: table.rowCount, support: 1 });
  }
  return choose(found, facts, table.rowCount, types);
}

/** Reduces the relationships to a set sampling can honour together. */
function choose(found: DetectedRelationship[], facts: readonly FactColumn[], rowCount: number, types: ReadonlyMap<string, InferredType["type"]>): ConstraintPlan {
  const kept: Relationship[] = [];
  // Arithmetic first: a computed column is neither mapped nor mapping.
  const targets = new Set<string>(), operands = new Set<string>();
  for (const { relationship: r } of found) {
    if (r.type !== "arithmetic" || targets.has(r.target) || operands.has(r.target) || targets.has(r.left) || targets.has(r.right)) continue;
    kept.push(r);
    targets.add(r.target);
    operands.add(r.left).add(r.right);
  }
  // Each column follows at most one other: the one with the most distinct values (closest to the
  // root of its chain), categories before numbers among equals, so chains stay short and acyclic.
  const distinct = new Map<string, number>();
  // On a regular subsample: the counts only rank the determining columns.
  const all = strideRows(rowCount, 200_000);
  const inEdges = new Set(found.flatMap((d) => (d.relationship.type === "determines" ? [d.relationship.from, d.relationship.to] : [])));
  for (const f of facts) {
    if (types.get(f.name) === "identifier" || !inEdges.has(f.name)) continue;
    const keys = denseKeys(f, MAX_KEYS, all);
    if (keys) distinct.set(f.name, keys.size);
  }
  const rank = (name: string): number => (facts.find((f) => f.name === name)?.kind === "codes" ? 0 : 1) * 1e6 + facts.findIndex((f) => f.name === name);
  const edges = found.map((d) => d.relationship).filter((r): r is Extract<Relationship, { type: "determines" }> => r.type === "determines");
  const has = new Set(edges.map((e) => `${e.from}\u0000${e.to}`));
  const parent = new Map<string, string>();
  for (const e of edges) {
    const da = distinct.get(e.from), db = distinct.get(e.to);
    if (da === undefined || db === undefined || targets.has(e.from) || targets.has(e.to)) continue;
    const above = da > db || (da === db && has.has(`${e.to}\u0000${e.from}`) && rank(e.from) < rank(e.to));
    if (!above) continue;
    const current = parent.get(e.to);
    if (current === undefined || distinct.get(current)! < da || (distinct.get(current) === da && rank(e.from) < rank(current))) parent.set(e.to, e.from);
  }
  const discrete = new Set<string>();
  for (const [to, from] of parent) {
    kept.push({ type: "determines", from, to });
    discrete.add(to).add(from);
  }
  const fd = new Set([...parent.keys(), ...parent.values()]);
  for (const { relationship: r } of found) {
    if (r.type !== "order") continue;
    if ([r.low, r.high].some((n) => fd.has(n) || targets.has(n) || operands.has(n))) continue;
    kept.push(r);
  }
  const group = found.find((d) => d.relationship.type === "group");
  if (group && group.relationship.type === "group") {
    const constant = group.relationship.constant.filter((n) => types.get(n) !== "identifier" && !parent.has(n) && !targets.has(n));
    kept.push({ ...group.relationship, constant });
  }
  return { found, kept, discrete };
}
