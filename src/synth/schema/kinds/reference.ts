// A column holding the key of another table's row. With `perParent`, the rows of this table belong
// to the rows of that table (the children of each parent row are generated with it, see
// ../database.ts), and the key is the parent's. Otherwise each row picks a row of the other table
// uniformly, or weighted by one of its columns; the key is computed from the picked row's index,
// so every value exists in the other table by construction.
import { AliasTable } from "../../distributions/index.js";
import type { KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

export const reference: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "table", "column", "perParent", "weight", ...COMMON], "a reference column");
  const weight = c.string(o, "weight", path);
  // The table, column and perParent were checked with the whole schema (see ../relations.ts).
  if (typeof o.table !== "string" || typeof o.column !== "string") return undefined;
  const column = o.column;
  if (o.perParent !== undefined) {
    if (weight !== undefined)
      c.add(`${path}.weight`, "invalid_value", "weight picks among the rows of the other table; with perParent every parent row gets its own children");
    if (o.scope === "group") c.add(`${path}.scope`, "invalid_value", "a perParent reference takes its parent's key on every row; remove scope: group");
    const type = env.dep(`parent.${column}`, `${path}.column`);
    if (type === undefined) return undefined;
    const name = `parent.${column}`;
    return { shape: parentShape(env.inputShape(name)), generate: (s) => s.vector(name) };
  }
  if (env.references === undefined) {
    c.add(path, "invalid_value", "a reference needs the table it refers to; generate the whole schema (without --table)");
    return undefined;
  }
  const target = env.references.target(o.table, column, weight, path);
  if (target === undefined) return undefined;
  let alias: AliasTable | undefined;
  const rows = target.rows;
  return {
    shape: target.shape,
    generate(s) {
      const picked = new Float64Array(s.length);
      if (target.weights !== undefined) {
        alias ??= new AliasTable(target.weights());
        const codes = alias.fill(s.rng, new Uint32Array(s.length));
        for (let i = 0; i < s.length; i++) picked[i] = codes[i]!;
      } else {
        for (let i = 0; i < s.length; i++) picked[i] = Math.floor(s.rng.next() * rows);
      }
      return target.keysAt(picked);
    },
  };
};

function parentShape<T>(shape: T | undefined): T {
  if (shape === undefined) throw new Error("a parent column without a shape (compile the parent first)");
  return shape;
}
