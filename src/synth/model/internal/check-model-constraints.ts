// Checks a model file's `constraints` against its columns: every name exists and has a kind the
// constraint works on, mappings index real values, group sizes are a distribution. A hand edit
// that breaks one is refused with the exact problem, as for every other field of the file.
import type { Issue } from "../../../errors/index.js";
import type { Model, ModelColumn } from "../model-types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isShare = (v: unknown): v is number => typeof v === "number" && v >= 0 && v <= 1;

export function checkConstraints(data: unknown, model: Model, issues: Issue[]): void {
  if (!Array.isArray(data)) return void issues.push({ code: "bad_constraints", path: "constraints", message: "must be a list" });
  const byName = new Map(model.columns.map((c) => [c.name, c]));
  const determined = new Set<string>();
  data.forEach((c: unknown, i) => {
    const path = `constraints[${i}]`;
    const bad = (message: string): void => void issues.push({ code: "bad_constraint", path, message });
    if (!isObj(c)) return bad("must be an object with a type");
    const column = (key: string, kinds: readonly ModelColumn["kind"][]): ModelColumn | undefined => {
      const name = c[key];
      const col = typeof name === "string" ? byName.get(name) : undefined;
      if (!col || !kinds.includes(col.kind)) {
        bad(`${key} must name a ${kinds.join(" or ")} column of the model`);
        return undefined;
      }
      return col;
    };
    switch (c["type"]) {
      case "determines": {
        const from = column("from", ["categorical", "discrete"]), to = column("to", ["categorical", "discrete"]);
        if (!from || !to || (from.kind !== "categorical" && from.kind !== "discrete") || (to.kind !== "categorical" && to.kind !== "discrete")) return;
        const m = c["mapping"];
        const size = to.values.length;
        if (!Array.isArray(m) || m.length !== from.values.length || !m.every((x) => x === null || (Number.isInteger(x) && (x as number) >= 0 && (x as number) < size))) {
          return bad(`mapping must list, for each of ${from.values.length} values of ${from.name}, null or an index below ${size}`);
        }
        if (!isShare(c["exceptions"]) || !isShare(c["support"])) return bad("exceptions and support must be shares in [0, 1]");
        if (determined.has(to.name)) return bad(`${to.name} is determined twice`);
        determined.add(to.name);
        return;
      }
      case "arithmetic": {
        const kinds = ["continuous", "discrete"] as const;
        if (!column("target", kinds) || !column("left", kinds) || !column("right", kinds)) return;
        if (!["+", "-", "*"].includes(c["op"] as string)) return bad("op must be +, - or *");
        if (!isShare(c["exceptions"]) || !isShare(c["support"])) return bad("exceptions and support must be shares in [0, 1]");
        return;
      }
      case "order":
        if (!column("low", ["continuous"]) || !column("high", ["continuous"])) return;
        if (typeof c["strict"] !== "boolean" || !isShare(c["support"])) return bad("strict must be true or false and support a share in [0, 1]");
        return;
      case "group": {
        if (!column("by", ["identifier"])) return;
        const constant = c["constant"];
        if (!Array.isArray(constant) || !constant.every((n) => typeof n === "string" && ["continuous", "discrete", "categorical"].includes(byName.get(n)?.kind ?? ""))) {
          return bad("constant must list continuous, discrete or categorical columns of the model");
        }
        const sizes = c["sizes"], p = c["probabilities"];
        const ok = Array.isArray(sizes) && sizes.length > 0 && sizes.every((n) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 1_000_000) &&
          Array.isArray(p) && p.length === sizes.length && p.every(isShare) && Math.abs((p).reduce((a, b) => a + b, 0) - 1) < 1e-6;
        if (!ok) return bad("sizes must be whole numbers ≥ 1 with probabilities (shares summing to 1) of the same length");
        if (data.filter((x) => isObj(x) && x["type"] === "group").length > 1) return bad("a model keeps at most one grouping");
        return;
      }
      default:
        return bad("type must be determines, arithmetic, order or group");
    }
  });
  // A column mapped from itself through a chain could never be drawn.
  const parent = new Map<string, string>();
  for (const c of data) if (isObj(c) && c["type"] === "determines" && typeof c["from"] === "string" && typeof c["to"] === "string") parent.set(c["to"], c["from"]);
  for (const start of parent.keys()) {
    let at: string | undefined = start;
    for (let steps = 0; at !== undefined && steps <= parent.size; steps++) at = parent.get(at);
    if (at !== undefined) {
      issues.push({ code: "bad_constraint", path: "constraints", message: `the determines constraints form a cycle through ${start}` });
      break;
    }
  }
}
