// Configuration and the composition root: validated settings in, wired adapters out.
export { assertSecretSource, ENV_NAMES, loadServeConfig, secretSourceProblem, resolveStoreLocation, throwIfIssues, type BusConfig, type RawSettings, type ServeConfig, type StoreConfig, type StoreLocation } from "./serve-config.js";
export { assertStoreExists, openBusFor, openRegistryContext, openStoreFor, type RegistryContext } from "./open-adapters.js";
export { loadSecret } from "./load-secret.js";
export { createTelemetryRuntime, redactUrl, startTelemetryServer, type RunningServer, type TelemetryRuntime } from "./telemetry-runtime.js";
