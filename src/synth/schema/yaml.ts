// The YAML library, loaded on first use rather than at import: a built-in dataset or a JSON schema
// never parses YAML, and loading the library costs 50–70 ms of start-up in every thread.
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let library: typeof Yaml | undefined;

/**
 * The `yaml` package (loaded synchronously, because schema loading is synchronous).
 * @example
 * const schema = yaml().parse(text, { maxAliasCount: 1000 });
 */
export function yaml(): typeof Yaml {
  library ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  return library;
}
