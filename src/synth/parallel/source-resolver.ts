import type { TableGenerator } from "../batch.js";
import type { TableSource } from "../datasets/dataset.js";

/**
 * Turns a TableSource into a compiled table. It lives in a module (named by URL) rather than being
 * passed as a function, because each worker thread imports it to compile the same table itself.
 */
export type ResolveTableSource = (source: TableSource, seed: number | string) => TableGenerator | Promise<TableGenerator>;

/** What a resolver module exports. */
export interface SourceResolverModule {
  resolveTableSource: ResolveTableSource;
}

/** Imports a resolver module and checks that it exports `resolveTableSource`. */
export async function loadResolver(url: string | URL): Promise<ResolveTableSource> {
  const mod = (await import(url.toString())) as Partial<SourceResolverModule>;
  if (typeof mod.resolveTableSource !== "function") {
    throw new TypeError(`${url.toString()} does not export resolveTableSource(source, seed)`);
  }
  return mod.resolveTableSource;
}
