import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { MimicError, type Issue } from "../errors/index.js";
import { SERVER_DEFAULTS } from "../telemetry/defaults.js";

/** Where readings and the device registry live. */
export type StoreConfig = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };
/** How ingest hands readings to the store. */
export type BusConfig = { kind: "embedded" } | { kind: "nats"; url: string };

/** What the device registry commands and `mimic query` need: the data dir and the store. */
export interface StoreLocation {
  dataDir: string;
  store: StoreConfig;
  /** The token signing secret (base64url) when given by MIMIC_TOKEN_SECRET; else the data dir's file. */
  tokenSecret?: string;
  /**
   * True when --store (or MIMIC_STORE) is given but neither --data-dir nor MIMIC_DATA_DIR: the
   * data dir is then only the default ./mimic-data of the current folder, so it is no place to
   * look for (or create) the token secret — see {@link secretSourceProblem}.
   */
  dataDirImplicit?: boolean;
}

/**
 * Why the token secret of a location has no explicit source, or undefined when it has one:
 * MIMIC_TOKEN_SECRET, an explicit --data-dir / MIMIC_DATA_DIR, or the embedded store's own data
 * dir. Otherwise `devices add` would sign with a secret made in ./mimic-data of whatever folder it
 * ran in, and a server with another data dir would refuse the token.
 */
export function secretSourceProblem(location: StoreLocation): string | undefined {
  if (location.tokenSecret !== undefined || location.dataDirImplicit !== true) return undefined;
  return "with --store (or MIMIC_STORE) the token signing secret needs an explicit source: pass --data-dir <dir> (or MIMIC_DATA_DIR), the same one every `mimic serve` and `mimic devices` on this store uses (the secret is <dir>/token-secret), or set MIMIC_TOKEN_SECRET (base64url, ≥ 32 bytes, e.g. `openssl rand -base64 32`) for all of them.";
}

/** Throws CONFIG_INVALID (exit 2) when the token secret has no explicit source; nothing is created. */
export function assertSecretSource(location: StoreLocation): void {
  const problem = secretSourceProblem(location);
  if (problem !== undefined)
    throw new MimicError("CONFIG_INVALID", `No token secret: ${problem}`, { issues: [{ code: "secret_source", path: "--data-dir", message: problem }] });
}

/** Validated configuration of `mimic serve`. */
export interface ServeConfig extends StoreLocation {
  host: string;
  port: number;
  bus: BusConfig;
  tls?: { cert: Buffer; key: Buffer };
  /** Per-device requests per second (0 = unlimited) and burst. */
  rateLimit: { ratePerSecond: number; burst: number };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "silent";
  /** Readings waiting on the bus above which ingest answers 503 (back-pressure). */
  maxQueueDepth: number;
  /** Registry cache TTL in ms: the revocation delay (≤ 5,000). */
  authCacheTtlMs: number;
  /** On SIGTERM/SIGINT, how long requests in flight get to finish before their connections are closed, ms. */
  shutdownTimeoutMs: number;
  /** False only when the operator said `--no-read-auth`: then anyone who reaches the port can read. */
  readAuth: boolean;
  /** How long readings are kept, seconds (`--retention 90d`); 0 = forever. Also ingest's oldest timestamp. */
  retentionSeconds: number;
  /** Live fault detection on committed readings (`--detect on|off`, default on): alarms, sensor health. */
  detect: boolean;
}

/** Default of `--shutdown-timeout-ms`: a stalled client cannot hold a stopping server longer than this. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = SERVER_DEFAULTS.shutdownTimeoutMs;

/** Raw values: flags first, then MIMIC_* environment variables. */
export type RawSettings = Readonly<Record<string, string | undefined>>;

/** The environment variable behind each setting (documented in `mimic serve --help`). */
export const ENV_NAMES = {
  host: "MIMIC_HOST",
  port: "MIMIC_PORT",
  "data-dir": "MIMIC_DATA_DIR",
  bus: "MIMIC_BUS",
  store: "MIMIC_STORE",
  "tls-cert": "MIMIC_TLS_CERT",
  "tls-key": "MIMIC_TLS_KEY",
  "rate-limit": "MIMIC_RATE_LIMIT",
  "log-level": "MIMIC_LOG_LEVEL",
  "max-queue": "MIMIC_MAX_QUEUE",
  "auth-cache-ms": "MIMIC_AUTH_CACHE_MS",
  "shutdown-timeout-ms": "MIMIC_SHUTDOWN_TIMEOUT_MS",
  "read-auth": "MIMIC_READ_AUTH",
  retention: "MIMIC_RETENTION",
  detect: "MIMIC_DETECT",
} as const;

function pick(flags: RawSettings, env: RawSettings, name: keyof typeof ENV_NAMES): { value: string | undefined; source: string } {
  const flag = flags[name];
  if (flag !== undefined) return { value: flag, source: `--${name}` };
  const fromEnv = env[ENV_NAMES[name]];
  return { value: fromEnv === "" ? undefined : fromEnv, source: ENV_NAMES[name] };
}

function wholeNumber(issues: Issue[], raw: { value: string | undefined; source: string }, fallback: number, min: number, max: number): number {
  if (raw.value === undefined) return fallback;
  const n = Number(raw.value);
  if (!/^\d+$/.test(raw.value.trim()) || n < min || n > max) {
    issues.push({ code: "out_of_range", path: raw.source, message: `must be a whole number from ${min} to ${max}, got "${raw.value}".` });
    return fallback;
  }
  return n;
}

const DURATION_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * `--retention`: a duration written as everywhere in the CLI (90d, 12w, 36h, 1d12h), or 0 / off
 * for keeping readings forever; at least a day, so a device's overnight buffer is never refused.
 */
function retention(issues: Issue[], raw: { value: string | undefined; source: string }): number {
  if (raw.value === undefined) return SERVER_DEFAULTS.retentionSeconds;
  const text = raw.value.trim();
  if (text === "0" || text === "off") return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * DURATION_SECONDS[p[2]!]!, 0);
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text || seconds < SERVER_DEFAULTS.retentionSecondsMin) {
    issues.push({
      code: "invalid_value",
      path: raw.source,
      message: `must be a duration of at least 1d such as 90d, 12w or 36h, or 0 / off to keep readings forever; got "${raw.value}".`,
    });
    return SERVER_DEFAULTS.retentionSeconds;
  }
  return Math.round(seconds);
}

/** Parses `--store` / MIMIC_STORE and the data dir; shared by serve, devices and query. */
export function resolveStoreLocation(flags: RawSettings, env: RawSettings, cwd: string, issues: Issue[] = []): StoreLocation {
  const dirRaw = pick(flags, env, "data-dir");
  const dataDir = resolve(cwd, dirRaw.value ?? SERVER_DEFAULTS.dataDir);
  const storeRaw = pick(flags, env, "store");
  const embedded: StoreConfig = { kind: "sqlite", path: join(dataDir, "mimic.db") };
  let store: StoreConfig = embedded;
  if (storeRaw.value !== undefined) {
    const v = storeRaw.value;
    if (/^postgres(ql)?:\/\//.test(v)) {
      try {
        const schema = new URL(v).searchParams.get("schema");
        if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
          issues.push({
            code: "invalid_value",
            path: storeRaw.source,
            message: "?schema= must be a lower-case SQL identifier (letters, digits, _), e.g. ?schema=mimic.",
          });
        }
        store = { kind: "postgres", url: v };
      } catch {
        issues.push({ code: "invalid_url", path: storeRaw.source, message: "is not a valid PostgreSQL URL; use postgres://user@host:5432/db." });
      }
    } else if (v.startsWith("sqlite:")) {
      const path = v.slice("sqlite:".length).replace(/^\/\//, "");
      store = { kind: "sqlite", path: isAbsolute(path) ? path : resolve(cwd, path) };
    } else {
      issues.push({
        code: "invalid_url",
        path: storeRaw.source,
        message: "must be postgres://user@host:5432/db or sqlite:<file>; leave it out for the embedded store in the data dir.",
      });
    }
  }
  const location: StoreLocation = { dataDir, store };
  if (store !== embedded && dirRaw.value === undefined) location.dataDirImplicit = true;
  const secret = env["MIMIC_TOKEN_SECRET"];
  if (secret !== undefined && secret !== "") location.tokenSecret = secret;
  return location;
}

/** What is wrong with a `--bus` URL, or undefined: nats://host:port[?stream=NAME&ack_wait=SECONDS&partitions=N&own=K,…]. */
function natsUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be nats://host:4222 (JetStream) or embedded.";
  }
  if (url.protocol !== "nats:" || url.hostname === "") return "must be nats://host:4222 (JetStream) or embedded.";
  const stream = url.searchParams.get("stream");
  if (stream !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(stream)) return "?stream= must be 1–64 letters, digits, _ or -, e.g. ?stream=MIMIC_READINGS.";
  const ackWait = url.searchParams.get("ack_wait");
  if (ackWait !== null && !(/^\d+$/.test(ackWait) && Number(ackWait) >= 1 && Number(ackWait) <= 3600))
    return "?ack_wait= must be whole seconds from 1 to 3600.";
  const partitions = url.searchParams.get("partitions");
  if (partitions !== null && !(/^\d+$/.test(partitions) && Number(partitions) >= 1 && Number(partitions) <= 64))
    return "?partitions= must be a whole number from 1 to 64.";
  const own = url.searchParams.get("own");
  if (own !== null) {
    const n = Number(partitions ?? 1);
    const parts = own.split(",");
    if (!parts.every((p) => /^\d+$/.test(p) && Number(p) < n) || new Set(parts).size !== parts.length)
      return `?own= must list distinct partitions below ?partitions= (0 to ${n - 1}), e.g. ?partitions=2&own=0.`;
  }
  return undefined;
}

/** Throws CONFIG_INVALID listing every problem, if any. */
export function throwIfIssues(issues: readonly Issue[], what: string): void {
  if (issues.length > 0) {
    throw new MimicError(
      "CONFIG_INVALID",
      `The ${what} configuration is invalid (${issues.length === 1 ? "1 problem" : `${issues.length} problems`}); fix the flags or MIMIC_* variables listed below.`,
      { issues },
    );
  }
}

/**
 * Validates `mimic serve` configuration from flags and the environment (flags win). Every problem
 * is reported at once; TLS files are read here so a bad path stops start-up, not the first request.
 *
 * @example
 * const config = loadServeConfig({ port: "8080" }, process.env, process.cwd());
 */
export function loadServeConfig(flags: RawSettings, env: RawSettings, cwd: string): ServeConfig {
  const issues: Issue[] = [];
  const location = resolveStoreLocation(flags, env, cwd, issues);
  const host = pick(flags, env, "host").value ?? SERVER_DEFAULTS.host;
  const port = wholeNumber(issues, pick(flags, env, "port"), SERVER_DEFAULTS.port, 0, 65535);

  const busRaw = pick(flags, env, "bus");
  let bus: BusConfig = { kind: "embedded" };
  if (busRaw.value !== undefined && busRaw.value !== "embedded") {
    const problem = natsUrlProblem(busRaw.value);
    if (problem === undefined) bus = { kind: "nats", url: busRaw.value };
    else issues.push({ code: "invalid_url", path: busRaw.source, message: problem });
  }

  const certRaw = pick(flags, env, "tls-cert");
  const keyRaw = pick(flags, env, "tls-key");
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if ((certRaw.value === undefined) !== (keyRaw.value === undefined)) {
    issues.push({
      code: "incomplete",
      path: certRaw.value === undefined ? "--tls-cert" : "--tls-key",
      message: "--tls-cert and --tls-key go together; give both PEM files, or neither for plain HTTP.",
    });
  } else if (certRaw.value !== undefined && keyRaw.value !== undefined) {
    const read = (raw: { value: string | undefined; source: string }): Buffer => {
      try {
        return readFileSync(resolve(cwd, raw.value!));
      } catch {
        issues.push({ code: "unreadable", path: raw.source, message: `cannot read ${raw.value}; give a readable PEM file.` });
        return Buffer.alloc(0);
      }
    };
    tls = { cert: read(certRaw), key: read(keyRaw) };
  }

  const rateRaw = pick(flags, env, "rate-limit");
  let rateLimit: { ratePerSecond: number; burst: number } = { ...SERVER_DEFAULTS.rateLimit };
  if (rateRaw.value !== undefined) {
    const m = /^(\d+(?:\.\d+)?)(?:\/s)?(?:,(\d+))?$/.exec(rateRaw.value.trim());
    if (!m)
      issues.push({
        code: "invalid_format",
        path: rateRaw.source,
        message: `must be requests per second per device, optionally with a burst: 50, 50/s or 50,100 (0 = unlimited); got "${rateRaw.value}".`,
      });
    else {
      const rate = Number(m[1]);
      rateLimit = { ratePerSecond: rate, burst: m[2] === undefined ? Math.max(1, Math.ceil(rate * 2)) : Math.max(1, Number(m[2])) };
    }
  }

  const levelRaw = pick(flags, env, "log-level");
  const levels = ["fatal", "error", "warn", "info", "debug", "silent"] as const;
  let logLevel: ServeConfig["logLevel"] = "info";
  if (levelRaw.value !== undefined) {
    if ((levels as readonly string[]).includes(levelRaw.value)) logLevel = levelRaw.value as ServeConfig["logLevel"];
    else issues.push({ code: "invalid_value", path: levelRaw.source, message: `must be one of ${levels.join(", ")}.` });
  }
  const maxQueueDepth = wholeNumber(issues, pick(flags, env, "max-queue"), SERVER_DEFAULTS.maxQueueDepth, 1, SERVER_DEFAULTS.maxQueueDepthLimit);
  const authCacheTtlMs = wholeNumber(issues, pick(flags, env, "auth-cache-ms"), SERVER_DEFAULTS.authCacheTtlMs, 0, SERVER_DEFAULTS.authCacheTtlMsLimit);
  const shutdownTimeoutMs = wholeNumber(
    issues,
    pick(flags, env, "shutdown-timeout-ms"),
    DEFAULT_SHUTDOWN_TIMEOUT_MS,
    0,
    SERVER_DEFAULTS.shutdownTimeoutMsLimit,
  );
  if (location.tokenSecret !== undefined && Buffer.from(location.tokenSecret, "base64url").length < 32) {
    issues.push({ code: "too_short", path: "MIMIC_TOKEN_SECRET", message: "must be at least 32 bytes of base64url (e.g. `openssl rand -base64 32`)." });
  }
  const readAuthRaw = pick(flags, env, "read-auth");
  let readAuth = true;
  if (readAuthRaw.value !== undefined) {
    if (readAuthRaw.value === "on" || readAuthRaw.value === "off") readAuth = readAuthRaw.value === "on";
    else issues.push({ code: "invalid_value", path: readAuthRaw.source, message: `must be on or off (--no-read-auth is off), got "${readAuthRaw.value}".` });
  }
  const retentionSeconds = retention(issues, pick(flags, env, "retention"));
  const detectRaw = pick(flags, env, "detect");
  if (detectRaw.value !== undefined && detectRaw.value !== "on" && detectRaw.value !== "off")
    issues.push({ code: "invalid_value", path: detectRaw.source, message: `must be on or off, got "${detectRaw.value}".` });
  const detect = detectRaw.value === undefined ? SERVER_DEFAULTS.detect : detectRaw.value === "on";
  const secretProblem = secretSourceProblem(location);
  if (secretProblem !== undefined) issues.push({ code: "secret_source", path: "--data-dir", message: secretProblem });
  throwIfIssues(issues, "serve");
  const config: ServeConfig = {
    ...location,
    host,
    port,
    bus,
    rateLimit,
    logLevel,
    maxQueueDepth,
    authCacheTtlMs,
    shutdownTimeoutMs,
    readAuth,
    retentionSeconds,
    detect,
  };
  if (tls) config.tls = tls;
  return config;
}
