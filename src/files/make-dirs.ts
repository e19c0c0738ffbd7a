// `mkdir -p` that cannot spin. Node 20's `mkdir(dir, { recursive: true })` retries for ever when the
// kernel answers ENOENT for a folder whose parent exists, as procfs does: `mimic serve --data-dir
// /proc/x` hung at full CPU, making 8,000 mkdir calls a second. Creating the missing folders one
// at a time, top down, turns the same answer into an error the caller can explain.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** The folders of `dir` that do not exist yet, outermost first. */
function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let path = resolve(dir); !existsSync(path); path = dirname(path)) {
    missing.push(path);
    if (dirname(path) === path) break;
  }
  return missing.reverse();
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Creates `dir` and any missing parents, as `mkdirSync(dir, { recursive: true })` does, and throws
 * the same errno errors (EACCES, ENOENT, ENOTDIR, and EEXIST when `dir` is a file) instead of
 * looping where the kernel refuses a folder with ENOENT.
 *
 * @example
 * makeDirsSync("./mimic-data/backups");
 */
export function makeDirsSync(dir: string): void {
  for (const folder of missingFolders(dir)) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another process: what was wanted.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || !isFolder(folder)) throw error;
    }
  }
  if (!isFolder(dir)) {
    throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${dir}'`), { code: "EEXIST", errno: -17, syscall: "mkdir", path: dir });
  }
}
