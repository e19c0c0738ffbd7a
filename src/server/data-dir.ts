// The folders a server or a registry command writes to, checked before anything opens them, so a
// wrong --data-dir is one clear error naming the path rather than a fault deep in an adapter.
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
import { MimicError } from "../errors/index.js";
import { makeDirsSync } from "../files/index.js";
import { assertSecretSource, type StoreLocation } from "./serve-config.js";

/** What to do about an errno when a folder cannot be created or written. */
function hintFor(code: string | undefined): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "this user may not write there; fix the permissions of the folder (or its parent) or";
    case "EROFS":
      return "it is on a read-only file system;";
    case "ENOTDIR":
    case "EEXIST":
      return "part of the path is a file, not a folder;";
    case "ENOSPC":
      return "the disk is full; free space or";
    default:
      return "check the path, or";
  }
}

/**
 * Creates `dir` if needed and checks that it is a folder this process can write, else throws
 * IO_UNWRITABLE naming the folder, the reason and what to do (`option` is how the user set it).
 *
 * @example
 * ensureWritableDir("/var/lib/mimic", "--data-dir / MIMIC_DATA_DIR");
 */
export function ensureWritableDir(dir: string, option: string): void {
  const fail = (cause: unknown, reason?: string): never => {
    const code = (cause as { code?: unknown } | undefined)?.code;
    const errno = typeof code === "string" ? code : undefined;
    throw new MimicError(
      "IO_UNWRITABLE",
      `Cannot use the data dir ${dir}: ${reason ?? `it cannot be created or written (${errno ?? "error"})`}; ${hintFor(reason ? "ENOTDIR" : errno)} choose another with ${option}.`,
      { cause },
    );
  };
  try {
    makeDirsSync(dir);
  } catch (cause) {
    fail(cause, (cause as { code?: unknown }).code === "EEXIST" ? "it is a file, not a folder" : undefined);
  }
  try {
    if (!statSync(dir).isDirectory()) fail(undefined, "it is a file, not a folder");
    accessSync(dir, constants.W_OK);
  } catch (cause) {
    if (cause instanceof MimicError) throw cause;
    fail(cause);
  }
}

/**
 * Checks the folders a location writes to: the data dir when the token secret lives there, and
 * the SQLite store's folder. Nothing for PostgreSQL with MIMIC_TOKEN_SECRET.
 */
export function ensureWritableLocation(location: StoreLocation): void {
  assertSecretSource(location);
  if (location.tokenSecret === undefined) ensureWritableDir(location.dataDir, "--data-dir (or MIMIC_DATA_DIR)");
  if (location.store.kind === "sqlite" && location.store.path !== ":memory:") {
    const folder = dirname(location.store.path);
    if (folder !== location.dataDir || location.tokenSecret !== undefined)
      ensureWritableDir(folder, location.store.path.startsWith(location.dataDir) ? "--data-dir (or MIMIC_DATA_DIR)" : "--store sqlite:<file>");
  }
}
