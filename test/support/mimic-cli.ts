// Runs the built CLI (dist/main.js) in a folder, for end-to-end tests of the synthetic-data commands.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const MIMIC_MAIN = join(import.meta.dirname, "..", "..", "dist", "main.js");

export interface CliRun {
  /** Exit code (-1 when the process was killed, e.g. by the 60 s timeout). */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A function running `mimic <args>` with `cwd` as its working folder.
 * @example
 * const mimic = mimicIn(tmp.dir);
 * expect(mimic("fit", "cars.csv", "--out", "m.json").code).toBe(0);
 */
export function mimicIn(cwd: string): (...args: string[]) => CliRun {
  return (...args) => {
    const r = spawnSync(process.execPath, [MIMIC_MAIN, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
}
