// Child processes a benchmark starts (servers, sinks): started on loopback, stopped at the end.
import { spawn, type ChildProcess } from "node:child_process";

export class Children {
  readonly list: ChildProcess[] = [];

  /** Starts `node ...args` and resolves with the first capture of `pattern` on its stdout (e.g. its URL). */
  start(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<string> {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env });
    this.list.push(child);
    return new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = pattern.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
    });
  }

  /** Sends SIGTERM to every child still running. */
  stopAll(): void {
    for (const c of this.list) c.kill("SIGTERM");
  }
}
