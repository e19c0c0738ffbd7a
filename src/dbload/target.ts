import { resolve } from "node:path";
import type { TableShape } from "../synth/batch.js";
import type { DatabaseWriter } from "../synth/generate/generate-database.js";
import { MimicError } from "../errors/index.js";

/** Where a whole database goes: a writer per table, then `finish` (keys, commit) or `cleanup` (roll back). */
export interface DatabaseTarget {
  open(shape: TableShape): Promise<DatabaseWriter>;
  finish(): Promise<void>;
  cleanup(): Promise<void>;
}

/** `postgres://…` / `postgresql://…` or `sqlite:FILE`; anything else is refused with the two forms. */
export function parseTarget(url: string, cwd: string): { kind: "postgres"; url: string } | { kind: "sqlite"; path: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: "postgres", url };
  if (/^sqlite:/i.test(url) && url.length > "sqlite:".length) return { kind: "sqlite", path: resolve(cwd, url.slice("sqlite:".length)) };
  throw new MimicError("CLI_BAD_FLAG", `--to must be postgres://user@host:5432/db (optionally ?schema=NAME) or sqlite:FILE, got "${url}".`);
}

/** `postgres://…?schema=NAME` → the connection URL without `schema`, and the schema. */
export function splitSchema(url: string): { connection: string; schema: string | undefined } {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  u.searchParams.delete("schema");
  return { connection: u.toString(), schema };
}
