#!/usr/bin/env node
// The composition root of the CLI: the only place that reads process.argv/env and wires real I/O.
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
