// A column holding the key of another table's row. With `perParent`, the rows of this table belong
// to the rows of that table (the children of each parent row are generated with it, see
// ../database.ts), and the key is the parent's. Otherwise each row picks a row of the other table
// uniformly, or weighted by one of its columns; the key is computed from the picked row's index,
// so every value exists in the other table by construction.
import { AliasTable } from "../../distributions/index.js";
import type { Random } from "../../../random/index.js";
import { FeistelPermutation } from "../runtime/feistel.js";
import { POSITION } from "../table-links.js";
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
  const distinct = env.references.distinct(env.name);
  if (distinct !== undefined && o.scope === "group") {
    c.add(`${path}.scope`, "invalid_value", "a reference in a unique tuple takes one row per row; remove scope: group");
    return undefined;
  }
  if (distinct?.within === "parent" && env.dep(POSITION, path) === undefined) return undefined;
  const weights = (): AliasTable | undefined => (target.weights === undefined ? undefined : (alias ??= new AliasTable(target.weights())));
  if (distinct?.within === "parent") {
    return {
      shape: target.shape,
      generate(s) {
        const position = s.vector(POSITION).values as Float64Array;
        const picked = new Float64Array(s.length);
        // The children of one parent are consecutive rows, the first at position 0.
        for (let start = 0, end = 1; start < s.length; start = end, end = start + 1) {
          while (end < s.length && position[end] !== 0) end++;
          pickDistinct(s.rng, weights(), rows, picked.subarray(start, end));
        }
        return target.keysAt(picked);
      },
    };
  }
  if (distinct?.within === "table") {
    const { radix, index, keys } = distinct;
    const permutation = new FeistelPermutation(
      radix.reduce((a, b) => a * b, 1),
      keys,
    );
    // Rows of the tuple's later columns per row of this one (mixed radix: combination → rows).
    const below = radix.slice(index + 1).reduce((a, b) => a * b, 1);
    return {
      shape: target.shape,
      generate(s) {
        const picked = new Float64Array(s.length);
        for (let i = 0; i < s.length; i++) picked[i] = Math.floor(permutation.apply(s.globalIndex(i)) / below) % radix[index]!;
        return target.keysAt(picked);
      },
    };
  }
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

/**
 * Fills `out` with distinct row indices in [0, rows) (out.length ≤ rows, checked with the schema):
 * weighted draws with the duplicates drawn again, or uniform ones. After many rejections (weights
 * so skewed that the rows left are rarely drawn) the rest are taken uniformly among the rows left,
 * so it always ends.
 */
function pickDistinct(rng: Random, alias: AliasTable | undefined, rows: number, out: Float64Array): void {
  const taken = new Set<number>();
  let attempts = 0;
  const draw = alias === undefined ? () => Math.floor(rng.next() * rows) : () => alias.index(rng);
  for (let i = 0; i < out.length; i++) {
    let x = draw();
    while (taken.has(x) && ++attempts < 64 * out.length) x = draw();
    if (taken.has(x)) {
      // The rows not taken yet, from a random place onward.
      x = Math.floor(rng.next() * rows);
      while (taken.has(x)) x = (x + 1) % rows;
    }
    taken.add(x);
    out[i] = x;
  }
}

function parentShape<T>(shape: T | undefined): T {
  if (shape === undefined) throw new Error("a parent column without a shape (compile the parent first)");
  return shape;
}
