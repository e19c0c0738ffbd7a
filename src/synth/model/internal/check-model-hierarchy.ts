// Checks a model file's `hierarchy` (hierarchical drawing, hierarchy.ts) against its columns: each
// child is a categorical, plain number or (version 6) discrete number column of the copula, drawn
// once, after its parents;
// parents are categorical, or (version 4 on, a category child) a date cut at ascending `cuts` and never
// drawn given others; each context's key indexes the parents' values (a date's: its bins) and its
// shares (over the child's values) or 17 quantiles (non-decreasing) are well formed. A hand edit that breaks
// one is refused with the exact problem, as for every other field of the file.
import type { Issue } from "../../../errors/index.js";
import type { Model } from "../model-types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isIndex = (v: unknown, size: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < size;
const ascending = (v: unknown): boolean =>
  Array.isArray(v) && v.length > 0 && v.every((x, k) => typeof x === "number" && Number.isFinite(x) && (k === 0 || x > (v[k - 1] as number)));

export function checkHierarchy(data: unknown, model: Model, issues: Issue[]): void {
  if (model.version < 3)
    return void issues.push({ code: "bad_hierarchy", path: "hierarchy", message: "only version 3 to 6 model files draw columns given others; set version 6" });
  if (!Array.isArray(data)) return void issues.push({ code: "bad_hierarchy", path: "hierarchy", message: "must be a list" });
  const byName = new Map(model.columns.map((c) => [c.name, c]));
  const copula = new Set(model.copula.columns);
  const drawn = new Set<string>();
  data.forEach((h: unknown, i) => {
    const path = `hierarchy[${i}]`;
    const bad = (message: string): void => void issues.push({ code: "bad_hierarchy", path, message });
    if (!isObj(h) || typeof h["column"] !== "string" || !Array.isArray(h["given"]) || !Array.isArray(h["contexts"]))
      return bad("must be {column, given, contexts}");
    const child = byName.get(h["column"]);
    const numeric = child?.kind === "continuous" && child.datetimeFormat === undefined && !child.season;
    const discrete = child?.kind === "discrete" && child.datetimeFormat === undefined;
    if (discrete && model.version < 6) return bad("only version 6 model files draw a discrete number given others; set version 6");
    if (!child || !copula.has(child.name) || (child.kind !== "categorical" && !numeric && !discrete))
      return bad("column must name a categorical, number or discrete number column of the copula");
    if (drawn.has(child.name)) return bad(`${child.name} is drawn given others twice`);
    const given = h["given"] as unknown[];
    if (given.length < 1 || given.length > 2) return bad("given must list one or two columns");
    const cuts = h["cuts"];
    if (cuts !== undefined) {
      if (model.version < 4) return bad("only version 4 to 6 model files draw a column given a date's period; set version 6");
      if (child.kind !== "categorical" || !Array.isArray(cuts) || cuts.length !== given.length || !cuts.every((c) => c === null || ascending(c)))
        return bad("cuts must list, per given column, null or ascending numbers, for a categorical column");
    }
    const sizes: number[] = [];
    for (const [g, name] of given.entries()) {
      const p = typeof name === "string" ? byName.get(name) : undefined;
      const bins = Array.isArray(cuts) ? (cuts[g] as number[] | null) : null;
      if (bins !== null) {
        if (!p || (p.kind !== "continuous" && p.kind !== "discrete") || p.datetimeFormat === undefined || !copula.has(p.name))
          return bad("a given column with cuts must be a date column of the copula");
        if (data.some((other) => isObj(other) && other["column"] === p.name)) return bad(`${p.name} is cut into periods, so it cannot be drawn given others`);
        sizes.push(bins.length + 1);
        continue;
      }
      if (!p || p.kind !== "categorical" || !copula.has(p.name) || p.name === child.name)
        return bad(`given must name categorical columns of the copula other than ${child.name}`);
      // A parent drawn given others must come first, so a row's parents are settled before the child.
      if (data.slice(i + 1).some((later) => isObj(later) && later["column"] === p.name))
        return bad(`${p.name} is drawn given others after ${child.name}, which depends on it`);
      sizes.push(p.values.length);
    }
    drawn.add(child.name);
    (h["contexts"] as unknown[]).forEach((c, j) => {
      const at = `contexts[${j}]`;
      if (
        !isObj(c) ||
        !Array.isArray(c["key"]) ||
        (c["key"].length !== 1 && c["key"].length !== given.length) ||
        !c["key"].every((k, p) => isIndex(k, sizes[p]!))
      )
        return bad(`${at}.key must list, for the given columns (or the first alone), an index of one of their values`);
      if (child.kind === "categorical" || child.kind === "discrete") {
        const values = c["values"],
          shares = c["shares"];
        if (!Array.isArray(values) || !values.every((v) => isIndex(v, child.values.length)) || !Array.isArray(shares) || shares.length !== values.length)
          return bad(`${at} must list values (indices among ${child.values.length}) and as many shares`);
        const sum = (shares as unknown[]).reduce<number>((s, x) => s + (typeof x === "number" && x >= 0 ? x : Number.NaN), 0);
        if (!(Math.abs(sum - 1) < 1e-6)) bad(`${at}.shares must be non-negative and sum to 1`);
      } else {
        const q = c["quantiles"];
        if (!Array.isArray(q) || q.length < 2 || !q.every((x, k) => typeof x === "number" && Number.isFinite(x) && (k === 0 || x >= (q[k - 1] as number))))
          bad(`${at}.quantiles must be at least two non-decreasing numbers`);
      }
    });
  });
}
