import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { CartNode, CartTree } from "../model-types.js";
import { DISCRETE_PRIOR_ROWS, fitCartTree, MIN_LEAF, type CartTarget } from "./cart-tree.js";

const isSplit = (node: CartNode): node is Extract<CartNode, { feature: number }> => "feature" in node;
const sharesOf = (node: CartNode): readonly number[] => ("shares" in node ? node.shares : []);

/** Each leaf with the rows that reach it (training rows routed by the tree's own thresholds) and the nodes on its path, root first. */
function leafRows(tree: CartTree, predictors: readonly Float64Array[], rows: number): Map<number, number[]> {
  return routes(tree, predictors, rows).leaves;
}

function routes(
  tree: CartTree,
  predictors: readonly Float64Array[],
  rows: number,
): { leaves: Map<number, number[]>; reached: Map<number, number[]>; path: Map<number, number[]> } {
  const leaves = new Map<number, number[]>(),
    reached = new Map<number, number[]>(),
    path = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    const visited = [0];
    let i = 0;
    for (let node = tree.nodes[0]!; isSplit(node); node = tree.nodes[i]!) {
      i = predictors[node.feature]![r]! <= node.threshold ? node.left : node.right;
      visited.push(i);
    }
    for (const v of visited) reached.set(v, [...(reached.get(v) ?? []), r]);
    leaves.set(i, [...(leaves.get(i) ?? []), r]);
    path.set(i, visited);
  }
  return { leaves, reached, path };
}

/** A class target that follows a predictor (class = its decile) with a tenth of the rows' classes drawn at random. */
function classTable(seed: number, rows: number, classes: number): { x: Float64Array; codes: Int32Array } {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const x = Float64Array.from({ length: rows }, () => next() * 4 - 2);
  const codes = Int32Array.from(x, (v) => (next() < 0.1 ? Math.floor(next() * classes) : Math.min(classes - 1, Math.floor(((v + 2) / 4) * classes))));
  return { x, codes };
}

describe("CART class leaves", () => {
  it("keep a category's own shares, and shrink a discrete number's toward the parent node's by its prior's pseudo-rows", () => {
    expect(DISCRETE_PRIOR_ROWS).toBeGreaterThan(0);
    // One predictor; class 0 below 0 and class 1 above, with one row of class 2 on each side.
    const rows = 60;
    const x = Float64Array.from({ length: rows }, (_, i) => (i - 29.5) / 10);
    const codes = Int32Array.from(x, (v, i) => (i === 3 || i === 50 ? 2 : v < 0 ? 0 : 1));
    const own = fitCartTree({ kind: "classes", codes, classes: 3 }, [x]);
    const shrunk = fitCartTree({ kind: "classes", codes, classes: 3, prior: DISCRETE_PRIOR_ROWS }, [x]);
    // The splits are the same: the prior changes only what a node's shares are.
    expect(shrunk.nodes.map((n) => (isSplit(n) ? n : null))).toEqual(own.nodes.map((n) => (isSplit(n) ? n : null)));
    expect(own.nodes.length).toBe(3);
    const root = [29 / 60, 29 / 60, 2 / 60];
    for (const [leaf, members] of leafRows(own, [x], rows)) {
      const counts = [0, 0, 0];
      for (const r of members) counts[codes[r]!]!++;
      // A category: the leaf's own shares, a class none of its rows holds at 0.
      expect(sharesOf(own.nodes[leaf]!)).toEqual(counts.map((c) => Math.round((c / members.length) * 1e6) / 1e6));
      // A discrete number: (count + prior · parent share) / (rows + prior), its parent the root here.
      const expected = counts.map((c, k) => (c + DISCRETE_PRIOR_ROWS * root[k]!) / (members.length + DISCRETE_PRIOR_ROWS));
      sharesOf(shrunk.nodes[leaf]!).forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 6));
    }
  });

  it("a shrunk leaf sums to 1, gives every class its tree's root holds a positive share, and mixes the rows of the nodes on its path", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 2 * MIN_LEAF, max: 400 }),
        (seed, classes, rows) => {
          const { x, codes } = classTable(seed, rows, classes);
          const target: CartTarget = { kind: "classes", codes, classes, prior: DISCRETE_PRIOR_ROWS };
          const tree = fitCartTree(target, [x]);
          const plain = fitCartTree({ kind: "classes", codes, classes }, [x]);
          expect(tree.nodes.filter(isSplit)).toEqual(plain.nodes.filter(isSplit));
          const rootCounts = new Array<number>(classes).fill(0);
          for (const c of codes) rootCounts[c]!++;
          const { leaves, reached, path } = routes(tree, [x], rows);
          // A node's own share of class k: the share of its rows that hold k.
          const own = (node: number, k: number): number => reached.get(node)!.filter((r) => codes[r] === k).length / reached.get(node)!.length;
          for (const [leaf, members] of leaves) {
            const shares = sharesOf(tree.nodes[leaf]!);
            expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
            shares.forEach((v, k) => {
              if (rootCounts[k]! > 0) expect(v).toBeGreaterThan(0);
              else expect(v).toBe(0);
              // Each node is a mix of its own rows and its parent, so a leaf is a weighted mean of the
              // own shares of the nodes on its path (to the 6 stored decimals), never beyond them.
              const along = path.get(leaf)!.map((node) => own(node, k));
              expect(v).toBeGreaterThanOrEqual(Math.min(...along) - 2e-6);
              expect(v).toBeLessThanOrEqual(Math.max(...along) + 2e-6);
              // ...and it differs from the leaf's own share toward the root's whenever they differ.
              const leafOwn = own(leaf, k);
              if (Math.abs(leafOwn - v) > 2e-6) expect(plain.nodes[leaf]).not.toEqual(tree.nodes[leaf]);
            });
            expect(members.length).toBeGreaterThanOrEqual(MIN_LEAF);
          }
        },
      ),
      { numRuns: 60, seed: 21 },
    );
  });
});
