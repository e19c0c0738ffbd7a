// A small, safe expression language for derived columns and conditions: a hand-written lexer and
// recursive-descent parser into an AST. Nothing is ever passed to eval or Function.

export type Node =
  | { type: "num"; value: number; integer: boolean }
  | { type: "str"; value: string }
  | { type: "bool"; value: boolean }
  | { type: "null" }
  | { type: "col"; name: string }
  | { type: "call"; fn: string; args: Node[] }
  | { type: "bin"; op: BinaryOp; left: Node; right: Node }
  | { type: "not"; operand: Node }
  | { type: "neg"; operand: Node }
  | { type: "cond"; test: Node; then: Node; else: Node }
  | { type: "in"; operand: Node; list: Node[]; negate: boolean };

export type BinaryOp = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

/** A syntax error with the 1-based character position in the expression. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at character ${position}`);
  }
}

interface Token {
  kind: "num" | "str" | "ident" | "op" | "end";
  text: string;
  value?: number | string;
  pos: number;
}

const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "!", "(", ")", "[", "]", ",", "?", ":", "="];
const MAX_LENGTH = 4000;

function lex(source: string): Token[] {
  if (source.length > MAX_LENGTH) throw new ExpressionSyntaxError(`expression is longer than ${MAX_LENGTH} characters`, 1);
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(ch)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
      if (m === null) throw new ExpressionSyntaxError(`unexpected "${ch}"`, i + 1);
      tokens.push({ kind: "num", text: m[0], value: Number(m[0]), pos: start + 1 });
      i += m[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      let text = "";
      while (j < source.length && source[j] !== ch) {
        if (source[j] === "\\" && j + 1 < source.length) j++;
        text += source[j];
        j++;
      }
      if (j >= source.length) throw new ExpressionSyntaxError(`unterminated string (missing closing ${ch})`, start + 1);
      tokens.push({ kind: "str", text: source.slice(i, j + 1), value: text, pos: start + 1 });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      // `parent.x`: a column of the parent row, in a table whose rows belong to another's.
      const m = /^(?:parent\.)?[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: "ident", text: m[0], pos: start + 1 });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) throw new ExpressionSyntaxError(`unexpected "${ch}"`, i + 1);
    tokens.push({ kind: "op", text: op, pos: start + 1 });
    i += op.length;
  }
  tokens.push({ kind: "end", text: "end of expression", pos: source.length + 1 });
  return tokens;
}

/**
 * Parses an expression into an AST.
 *
 * @example
 * parseExpression("price * quantity"); // { type: "bin", op: "*", ... }
 */
export function parseExpression(source: string): Node {
  const tokens = lex(source);
  let p = 0;
  const peek = (): Token => tokens[p]!;
  const isOp = (...ops: string[]): boolean => peek().kind === "op" && ops.includes(peek().text);
  const isWord = (...words: string[]): boolean => peek().kind === "ident" && words.includes(peek().text);
  const expect = (text: string): void => {
    if (peek().kind === "op" && peek().text === text) {
      p++;
      return;
    }
    throw new ExpressionSyntaxError(`expected "${text}" but found "${peek().text}"`, peek().pos);
  };

  const ternary = (): Node => {
    const test = or();
    if (!isOp("?")) return test;
    p++;
    const then = ternary();
    expect(":");
    return { type: "cond", test, then, else: ternary() };
  };
  const or = (): Node => {
    let left = and();
    while (isOp("||") || isWord("or")) {
      p++;
      left = { type: "bin", op: "or", left, right: and() };
    }
    return left;
  };
  const and = (): Node => {
    let left = not();
    while (isOp("&&") || isWord("and")) {
      p++;
      left = { type: "bin", op: "and", left, right: not() };
    }
    return left;
  };
  const not = (): Node => {
    if (isOp("!") || isWord("not")) {
      p++;
      return { type: "not", operand: not() };
    }
    return comparison();
  };
  const comparison = (): Node => {
    const left = additive();
    if (isOp("==", "!=", "<", "<=", ">", ">=", "=")) {
      const t = tokens[p++]!;
      const op = (t.text === "=" ? "==" : t.text) as BinaryOp;
      return { type: "bin", op, left, right: additive() };
    }
    let negate = false;
    if (isWord("not") && tokens[p + 1]?.kind === "ident" && tokens[p + 1]?.text === "in") {
      negate = true;
      p++;
    }
    if (isWord("in")) {
      p++;
      expect("[");
      const list: Node[] = [];
      if (!isOp("]")) {
        list.push(ternary());
        while (isOp(",")) {
          p++;
          list.push(ternary());
        }
      }
      expect("]");
      return { type: "in", operand: left, list, negate };
    }
    return left;
  };
  const additive = (): Node => {
    let left = multiplicative();
    while (isOp("+", "-")) {
      const op = tokens[p++]!.text as BinaryOp;
      left = { type: "bin", op, left, right: multiplicative() };
    }
    return left;
  };
  const multiplicative = (): Node => {
    let left = unary();
    while (isOp("*", "/", "%")) {
      const op = tokens[p++]!.text as BinaryOp;
      left = { type: "bin", op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Node => {
    if (isOp("-")) {
      p++;
      return { type: "neg", operand: unary() };
    }
    if (isOp("+")) {
      p++;
      return unary();
    }
    return primary();
  };
  const primary = (): Node => {
    const t = peek();
    if (t.kind === "num") {
      p++;
      const value = t.value as number;
      return { type: "num", value, integer: Number.isInteger(value) && !/[.eE]/.test(t.text) };
    }
    if (t.kind === "str") {
      p++;
      return { type: "str", value: t.value as string };
    }
    if (t.kind === "ident") {
      p++;
      if (t.text === "true" || t.text === "false") return { type: "bool", value: t.text === "true" };
      if (t.text === "null") return { type: "null" };
      if (isOp("(")) {
        p++;
        const args: Node[] = [];
        if (!isOp(")")) {
          args.push(ternary());
          while (isOp(",")) {
            p++;
            args.push(ternary());
          }
        }
        expect(")");
        return { type: "call", fn: t.text, args };
      }
      return { type: "col", name: t.text };
    }
    if (t.kind === "op" && t.text === "(") {
      p++;
      const inner = ternary();
      expect(")");
      return inner;
    }
    throw new ExpressionSyntaxError(t.kind === "end" ? "the expression ends too early" : `unexpected "${t.text}"`, t.pos);
  };

  const ast = ternary();
  if (peek().kind !== "end") throw new ExpressionSyntaxError(`unexpected "${peek().text}" after a complete expression`, peek().pos);
  return ast;
}

/** Column names an AST reads (for dependency ordering). */
export function referencedColumns(node: Node, out = new Set<string>()): Set<string> {
  switch (node.type) {
    case "col":
      out.add(node.name);
      break;
    case "call":
      node.args.forEach((a) => referencedColumns(a, out));
      break;
    case "bin":
      referencedColumns(node.left, out);
      referencedColumns(node.right, out);
      break;
    case "not":
    case "neg":
      referencedColumns(node.operand, out);
      break;
    case "cond":
      referencedColumns(node.test, out);
      referencedColumns(node.then, out);
      referencedColumns(node.else, out);
      break;
    case "in":
      referencedColumns(node.operand, out);
      node.list.forEach((a) => referencedColumns(a, out));
      break;
    default:
      break;
  }
  return out;
}
