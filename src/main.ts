#!/usr/bin/env node
// The composition root of the CLI: the only place that reads process.argv/env and wires real I/O.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { runCli } from "./cli/run-cli.js";

let controller: AbortController | undefined;
/**
 * SIGINT/SIGTERM become an abort only for commands that ask for the signal (generate, sample,
 * serve, simulate: they remove partial files, drain or report). A command that never asks keeps
 * Node's default, stopping at once: a handler could not run anyway while it computes without
 * yielding (fit, evaluate), and Ctrl-C would be ignored.
 */
function stopSignal(): AbortSignal {
  if (controller === undefined) {
    const created = new AbortController();
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => created.abort());
    controller = created;
  }
  return controller.signal;
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  get signal() {
    return stopSignal();
  },
});
process.exitCode = code;
collectGarbageBeforeExit();

/**
 * Works around a deadlock in Node 20 at exit (nodejs/node#54918, not fixed in 20.x): once the
 * event loop is empty, Node's main thread waits for every background task to finish, and a
 * background TurboFan compile that finds the old generation at its allocation limit waits for the
 * main thread to collect garbage: neither moves, and the process never exits (measured: 2–3% of
 * short runs on a loaded 2-core machine, ~1 in 3 with --concurrent-recompilation-delay=10; a
 * CI run lost an end-to-end test to it). A full collection here, while the main thread can still
 * run one, answers any pending request and leaves the heap far below its limit, so a compile
 * still running at exit allocates without asking (0 hangs in 240 runs with that flag and in 527
 * under load; the collection takes 3–6 ms after a million-row fit, generate or sample). Turning
 * concurrent compilation off instead (a start-up flag only) also cures it, at 8–11% of
 * `generate`'s wall time. test/e2e/exit-deadlock.test.ts holds this.
 */
function collectGarbageBeforeExit(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
