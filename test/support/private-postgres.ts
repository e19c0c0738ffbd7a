// A private PostgreSQL cluster (the binaries installed here) on a free port, in a temporary
// directory, that a test or the chaos suite may stop and start for real — a shutdown, not a cut
// connection — without touching the shared server on 5432 that other tests use.
//
// initdb refuses to run as root, so as root every command runs as the `postgres` user
// (`runuser -u postgres --`) in a directory that user owns; as anyone else, as that user.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The PostgreSQL server binaries: MIMIC_POSTGRES_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBin(): string | undefined {
  const env = process.env["MIMIC_POSTGRES_BIN"];
  if (env !== undefined) return existsSync(join(env, "initdb")) ? env : undefined;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

/**
 * Whether a private cluster can be made here: the binaries, and (as root) a `postgres` user to
 * run them. Otherwise the reason; a test skips with it, except under CI=true, where it throws.
 */
export function privatePostgresUnavailable(): string | undefined {
  let reason: string | undefined;
  if (postgresBin() === undefined) reason = "no PostgreSQL server binaries (initdb) in /usr/lib/postgresql/*/bin; set MIMIC_POSTGRES_BIN";
  else if (userInfo().uid === 0 && postgresUid() === undefined) reason = "running as root and there is no `postgres` user to run initdb as";
  if (reason !== undefined && process.env["CI"] === "true") throw new Error(`CI=true requires a private PostgreSQL cluster: ${reason}`);
  return reason;
}

function postgresUid(): { uid: number; gid: number } | undefined {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (line === undefined) return undefined;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
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

export interface PrivatePostgres {
  /** Database `postgres`, user `postgres`, trust authentication, over TCP on 127.0.0.1. */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: connections are ended and the server shuts down cleanly. */
  stop(): Promise<void>;
  /** `pg_ctl start`; resolves once the server accepts connections. */
  start(): Promise<void>;
  /** Stops the server if it runs and deletes its directory. */
  close(): Promise<void>;
}

/** initdb into a temporary directory and start the server on a free port (a few seconds). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  if (bin === undefined) throw new Error("no PostgreSQL server binaries; check privatePostgresUnavailable() first");
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? postgresUid() : undefined;
  const dir = mkdtempSync(join(tmpdir(), "mimic-pg-private-"));
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, "data");
  const port = await freePort();
  const pgRun = (tool: string, args: string[]) =>
    run(asRoot ? "runuser" : join(bin, tool), asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args, { timeout: 120_000 });
  // --no-sync: the cluster is thrown away afterwards; the server itself still fsyncs its commits.
  await pgRun("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  let running = false;
  const start = async () => {
    // -k: the Unix socket in our own directory, never /var/run/postgresql beside the shared server.
    await pgRun("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "start"]);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await pgRun("pg_ctl", ["-D", data, "-w", "-t", "60", "-m", "fast", "stop"]);
    running = false;
  };
  try {
    await start();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    async close() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
