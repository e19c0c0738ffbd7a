// Relationships as people write them: `product -> price`, `amount = price * quantity`,
// `end >= start`, `group by transaction_id`. Operators need spaces around them, so column names
// may hold any other character (spaces included).
import type { Relationship } from "./relationship-types.js";

const DETERMINES = /^(.+?)\s+(?:->|→)\s+(.+)$/;
const ARITHMETIC = /^(.+?)\s+=\s+(.+?)\s+([-+*×])\s+(.+)$/;
const ORDER = /^(.+?)\s+(>=|<=|>|<|≥|≤)\s+(.+)$/;
const GROUP = /^group\s+by\s+(.+)$/i;

export const RELATIONSHIP_SYNTAX = '"a -> b" (a determines b), "total = a + b" (also - and *), "end >= start" (also >, <=, <), "group by id"';

/** The relationship `text` states, or a message saying why it states none. */
export function parseRelationship(text: string): Relationship | string {
  const t = text.trim();
  let m = GROUP.exec(t);
  if (m) return { type: "group", by: m[1]!.trim(), constant: [] };
  m = DETERMINES.exec(t);
  if (m) return { type: "determines", from: m[1]!.trim(), to: m[2]!.trim() };
  m = ARITHMETIC.exec(t);
  if (m) return { type: "arithmetic", target: m[1]!.trim(), left: m[2]!.trim(), op: m[3] === "×" ? "*" : (m[3] as "+" | "-" | "*"), right: m[4]!.trim() };
  m = ORDER.exec(t);
  if (m) {
    const [a, op, b] = [m[1]!.trim(), m[2]!, m[3]!.trim()];
    const greater = op === ">=" || op === ">" || op === "≥";
    return { type: "order", low: greater ? b : a, high: greater ? a : b, strict: op === ">" || op === "<" };
  }
  return `cannot read ${JSON.stringify(text)} as a relationship; write one of ${RELATIONSHIP_SYNTAX}, with spaces around the operator`;
}

/** One key per relationship, however it is written (`a + b` is `b + a`; `x >= y` is `y <= x`). */
export function relationshipKey(r: Relationship): string {
  switch (r.type) {
    case "determines":
      return `determines\u0000${r.from}\u0000${r.to}`;
    case "arithmetic": {
      const operands = r.op === "-" ? [r.left, r.right] : [r.left, r.right].sort();
      return `arithmetic\u0000${r.target}\u0000${r.op}\u0000${operands.join("\u0000")}`;
    }
    case "order":
      return `order\u0000${r.low}\u0000${r.high}`;
    case "group":
      return `group\u0000${r.by}`;
  }
}
