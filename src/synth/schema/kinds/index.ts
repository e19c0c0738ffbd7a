import { suggest } from "../../../errors/index.js";
import type { ColumnImpl } from "../plan.js";
import type { ColumnKind } from "../types.js";
import { categorical } from "./categorical.js";
import { expression, template } from "./derived.js";
import type { BuildEnv, KindBuilder } from "./env.js";
import { constant, sequence } from "./ids.js";
import { unique } from "./unique.js";
import { lookup } from "./lookup.js";
import { reference } from "./reference.js";
import { numeric } from "./numeric.js";
import { PERSONAL_KINDS } from "./personal/index.js";
import { BRANCH_KINDS, makeSwitch } from "./switch.js";
import { date, datetime, time } from "./temporal.js";

export type { BuildEnv } from "./env.js";

/** Builds a switch branch: a nameless column of one of BRANCH_KINDS. */
function buildBranch(value: unknown, path: string, env: BuildEnv): ColumnImpl | undefined {
  const o = env.c.object(value, path, "a switch branch");
  if (o === undefined) return undefined;
  const kind = env.c.string(o, "kind", path, { required: true, oneOf: BRANCH_KINDS, hint: `one of ${BRANCH_KINDS.join(", ")}` });
  if (kind === undefined) return undefined;
  for (const k of ["hidden", "scope", "nulls"])
    if (o[k] !== undefined) env.c.add(`${path}.${k}`, "unknown_key", `"${k}" belongs on the switch column, not on a branch`);
  // A branch fills only the rows that chose it, so the rows before a row are not its group's.
  const blocked = "inside a switch branch; compute it in a hidden expression column and read that column in the branch";
  return KINDS[kind as ColumnKind](o, path, { ...env, expr: (source, at) => env.expr(source, at, blocked) });
}

export const KINDS: Record<ColumnKind, KindBuilder> = {
  sequence,
  unique,
  constant,
  categorical,
  numeric,
  date,
  time,
  datetime,
  lookup,
  reference,
  aggregate: (_o, path, env) => {
    // Aggregates are filled after the children (see ../database.ts); readRelations reported why one is not.
    if (!env.c.issues.some((i) => i.path.startsWith(path))) env.c.add(path, "invalid_value", "an aggregate needs its child table in the same schema");
    return undefined;
  },
  expression,
  template,
  switch: makeSwitch(buildBranch),
  ...PERSONAL_KINDS,
};

export const KIND_NAMES = Object.keys(KINDS) as ColumnKind[];

export function kindHint(kind: string): string {
  return suggest(kind, KIND_NAMES);
}
