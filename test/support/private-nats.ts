// A private nats-server (the one installed here, 2.9.x) on a free port with its own store
// directory, that a test or the chaos suite may SIGKILL and restart without touching the shared
// server on 4222 that other tests use.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const NATS_SERVER = process.env["MIMIC_NATS_SERVER"] ?? "/usr/sbin/nats-server";

export interface PrivateNats {
  url: string;
  port: number;
  /** SIGKILL: no shutdown, as a crash or power cut looks to clients (the store dir stays). */
  kill(): Promise<void>;
  /** Starts the server again on the same port and store dir; resolves once it accepts connections. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function accepting(port: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = createConnection({ host: "127.0.0.1", port });
      c.once("connect", () => (c.destroy(), resolve(true)));
      c.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the nats-server binary is installed (tests skip with a message otherwise, never under CI=true). */
export function natsServerInstalled(): boolean {
  if (existsSync(NATS_SERVER)) return true;
  if (process.env["CI"] === "true") throw new Error(`CI=true requires ${NATS_SERVER} for the private NATS server`);
  console.warn(`skipping: ${NATS_SERVER} is not installed (set MIMIC_NATS_SERVER to its path)`);
  return false;
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "mimic-nats-private-"));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(NATS_SERVER, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir], { stdio: "ignore" });
    await accepting(port);
  };
  const kill = async () => {
    const c = child;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    kill,
    start,
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
