// Spawns the real `node dist/main.js serve` and the `devices` commands for end-to-end tests.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { once } from "node:events";

const MAIN = "dist/main.js";

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** `Bearer <session read token>` from the URL serve printed ("" with --no-read-auth). */
  read: string;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `mimic serve --port 0` and resolves with the URL it prints. */
export async function startServe(args: readonly string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [MAIN, "serve", "--port", "0", "--log-level", "warn", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  // The read URL is printed right after the serving line (not with --no-read-auth).
  const readUrlExpected = !args.includes("--no-read-auth") && env["MIMIC_READ_AUTH"] !== "off";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in 20 s; stderr: ${err}`)), 20_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /serving on (https?:\/\/\S+)/.exec(out);
      if (m && (!readUrlExpected || /to read, open \S+\n/.test(out))) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}; stderr: ${err}`));
    });
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    url,
    port: Number(new URL(url).port),
    read: readUrlExpected ? `Bearer ${new URL(/to read, open (\S+)/.exec(out)![1]!).searchParams.get("token")!}` : "",
    stdout: () => out,
    stderr: () => err,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}

/** Runs `mimic <args>` to completion. */
export function mimic(args: readonly string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Registers a device on a data dir and returns its token (what `devices add` prints once). */
export function addDevice(dataDir: string, id: string, kind = "DHT22"): string {
  const r = mimic(["devices", "add", id, "--type", kind, "--data-dir", dataDir]);
  if (r.code !== 0) throw new Error(`devices add failed: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Sends one request as raw bytes on a fresh TCP connection, exactly as Python `requests` 2.x
 * frames it (but with `Connection: close`, so the answer ends with the connection).
 */
export async function rawPost(port: number, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  const socket = connect({ host: "127.0.0.1", port });
  await once(socket, "connect");
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    "User-Agent: python-requests/2.21.0",
    "Accept-Encoding: gzip, deflate",
    "Accept: */*",
    "Connection: close",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${body.length}`,
    "",
    "",
  ].join("\r\n");
  socket.write(Buffer.concat([Buffer.from(head, "latin1"), body]));
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  await once(socket, "end");
  socket.destroy();
  const text = Buffer.concat(chunks).toString("utf8");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  return { status, body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}
