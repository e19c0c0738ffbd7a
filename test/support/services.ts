// Real services for integration tests. Where one is unreachable the suite is skipped with a message,
// except under CI=true, where a missing service is a failure (CI must prove the real thing).
import { createConnection } from "node:net";

export interface ServiceCheck {
  available: boolean;
  reason: string;
}

function tcpReachable(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

const KNOWN = {
  postgres: { env: "MIMIC_TEST_POSTGRES_URL", url: "postgres://postgres@127.0.0.1:5432/test", host: "127.0.0.1", port: 5432 },
  nats: { env: "MIMIC_TEST_NATS_URL", url: "nats://127.0.0.1:4222", host: "127.0.0.1", port: 4222 },
} as const;

export type ServiceName = keyof typeof KNOWN;

/** The URL tests use for a service (overridable by MIMIC_TEST_<NAME>_URL). */
export function serviceUrl(name: ServiceName): string {
  return process.env[KNOWN[name].env] ?? KNOWN[name].url;
}

/**
 * Checks a service once per test file. Use with `describe.skipIf(!check.available)`.
 * Under CI=true an unreachable service throws, failing the run instead of skipping.
 */
export async function checkService(name: ServiceName): Promise<ServiceCheck> {
  const url = new URL(serviceUrl(name));
  const ok = await tcpReachable(url.hostname, Number(url.port) || KNOWN[name].port);
  if (ok) return { available: true, reason: "" };
  const reason = `${name} is not reachable at ${url.host}; start it (bash scripts/ensure-services.sh starts the local PostgreSQL and NATS servers)`;
  if (process.env["CI"] === "true") throw new Error(`CI=true requires ${name}: ${reason}`);
  console.warn(`skipping ${name} tests: ${reason}`);
  return { available: false, reason };
}
