// The generate orchestrator: source → chunks (in this thread or workers) → writer.
export { DEFAULT_RESOLVER_URL, generate, type GenerateOptions, type GenerateResult } from "./generate.js";
