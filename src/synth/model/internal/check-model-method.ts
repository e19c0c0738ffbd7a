// Checks a model file's `method`, `cart` trees and `choice`: a file of one method edited into
// another (a copula given method cart, trees that read later coordinates or loop) is refused.
import type { Issue } from "../../../errors/index.js";
import { SYNTHESIS_METHODS, type Model } from "../model-types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNum);
const isIndex = (v: unknown, below: number): v is number => isNum(v) && Number.isInteger(v) && v >= 0 && v < below;

/** Adds an issue for each problem of `data` (already a model apart from these fields). */
export function checkMethod(data: Obj, issues: Issue[]): void {
  const version = data["version"];
  const method = data["method"];
  if (version !== 3 && version !== 4 && version !== 5 && version !== 6) {
    if (method !== undefined || data["cart"] !== undefined)
      issues.push({ code: "bad_method", path: "method", message: `version ${String(version)} model files are copulas, without method or cart; set version 6` });
    return;
  }
  if (!SYNTHESIS_METHODS.includes(method as never)) {
    issues.push({ code: "bad_method", path: "method", message: `must be ${SYNTHESIS_METHODS.join(" or ")} (got ${JSON.stringify(method)})` });
    return;
  }
  if (method === "copula") {
    if (data["cart"] !== undefined)
      issues.push({ code: "bad_method", path: "cart", message: "a copula model has no cart trees; refit with `mimic fit --method cart` for a CART model" });
  } else checkCart(data as unknown as Model, data["cart"], issues);
  const choice = data["choice"];
  if (
    choice !== undefined &&
    (!isObj(choice) ||
      choice["chosen"] !== method ||
      !isObj(choice["quality"]) ||
      typeof choice["reason"] !== "string" ||
      !SYNTHESIS_METHODS.every((m) => isNum((choice["quality"] as Obj)[m])) ||
      (choice["privacy"] !== undefined && !privacyOk(choice["privacy"])) ||
      (choice["utility"] !== undefined && !utilityOk(choice["utility"])) ||
      (choice["utilitySpread"] !== undefined && !isNum(choice["utilitySpread"])))
  )
    issues.push({ code: "bad_choice", path: "choice", message: `must be {chosen: the model's method, quality: {copula, cart}, heldOutRows, reason}` });
}

/** `choice.utility`, optional (written since auto weighs utility): per method a score and a ratio per target. */
function utilityOk(u: unknown): boolean {
  return isObj(u) && SYNTHESIS_METHODS.every((m) => isObj(u[m]) && isNum(u[m]["score"]) && isObj(u[m]["ratios"]) && Object.values(u[m]["ratios"]).every(isNum));
}

/** `choice.privacy` (written since auto weighs privacy): per method its two numbers, and the holdout's own copy share. */
function privacyOk(p: unknown): boolean {
  return (
    isObj(p) &&
    isNum(p["holdoutExactCopyShare"]) &&
    SYNTHESIS_METHODS.every((m) => isObj(p[m]) && isNum(p[m]["dcrOverfitting"]) && isNum(p[m]["exactCopyShare"]) && copiesOk(p[m]["copies"]))
  );
}

/** `copies` of a method's choice summary, optional (written since auto tests copies against chance). */
function copiesOk(c: unknown): boolean {
  return c === undefined || (isObj(c) && isNum(c["training"]) && isNum(c["holdout"]) && isNum(c["pValue"]));
}

function checkCart(model: Model, cart: unknown, issues: Issue[]): void {
  const coordinates = model.copula.columns;
  if (!isObj(cart) || !Array.isArray(cart["trees"]) || !isNum(cart["rows"])) {
    issues.push({ code: "bad_cart", path: "cart", message: "a cart model needs cart: {trees, rows}; refit it with `mimic fit --method cart`" });
    return;
  }
  const trees = cart["trees"] as unknown[];
  if (trees.length !== coordinates.length) {
    issues.push({ code: "bad_cart", path: "cart.trees", message: `must hold one tree per copula coordinate (${coordinates.length}), got ${trees.length}` });
    return;
  }
  const byName = new Map(model.columns.map((c) => [c.name, c]));
  trees.forEach((tree, j) => {
    const at = `cart.trees.${j}`;
    const column = byName.get(coordinates[j]!);
    const classes = column && (column.kind === "categorical" || column.kind === "discrete") ? column.probabilities.length : undefined;
    const nodes = isObj(tree) ? tree["nodes"] : undefined;
    if (!Array.isArray(nodes) || nodes.length === 0) return void issues.push({ code: "bad_cart", path: at, message: "needs a non-empty list of nodes" });
    nodes.forEach((node, n) => {
      const where = `${at}.nodes.${n}`;
      if (!isObj(node)) return void issues.push({ code: "bad_cart", path: where, message: "must be an object" });
      if ("feature" in node) {
        // Children come after their parent, so no walk can loop; features are earlier coordinates.
        const ok =
          isIndex(node["feature"], j) &&
          isNum(node["threshold"]) &&
          isIndex(node["left"], nodes.length) &&
          isIndex(node["right"], nodes.length) &&
          node["left"] > n &&
          node["right"] > n;
        if (!ok) issues.push({ code: "bad_cart", path: where, message: `a split needs feature < ${j}, a threshold, and left/right nodes after it` });
      } else if (classes !== undefined) {
        const s = node["shares"];
        if (!isNumArray(s) || s.length !== classes || s.some((x) => x < 0) || Math.abs(s.reduce((a, b) => a + b, 0) - 1) > 1e-4)
          issues.push({ code: "bad_cart", path: where, message: `a leaf of ${coordinates[j]} needs shares: ${classes} non-negative numbers summing to 1` });
      } else {
        const q = node["quantiles"];
        if (!isNumArray(q) || q.length === 0 || q.some((x, k) => Math.abs(x) > 10 || (k > 0 && x < q[k - 1]!)))
          issues.push({ code: "bad_cart", path: where, message: `a leaf of ${coordinates[j]} needs quantiles: non-decreasing normal scores in [-10, 10]` });
      }
    });
  });
}
