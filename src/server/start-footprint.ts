// A server that fails to start leaves the disk as it found it: the files and folders a start
// creates (the data dir, its token secret, the SQLite file and its journal) are noted before, and
// what was not there is removed again when the start fails (a bad --bus, an unreachable --store).
import { existsSync, rmdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { StoreLocation } from "./serve-config.js";

export interface StartFootprint {
  /** Files that did not exist before the start. */
  newFiles: string[];
  /** Folders that did not exist before the start, deepest first. */
  newDirs: string[];
}

/** Notes which of the paths a start may create do not exist yet. */
export function noteStartFootprint(location: StoreLocation): StartFootprint {
  const files = [`${location.dataDir}/token-secret`];
  if (location.store.kind === "sqlite") files.push(location.store.path, `${location.store.path}-wal`, `${location.store.path}-shm`);
  const dirs: string[] = [];
  const folders = location.store.kind === "sqlite" ? [location.dataDir, dirname(location.store.path)] : [location.dataDir];
  for (const folder of folders) {
    for (let d = folder; !existsSync(d) && !dirs.includes(d); d = dirname(d)) dirs.push(d);
  }
  return { newFiles: files.filter((f) => !existsSync(f)), newDirs: dirs.sort((a, b) => b.length - a.length) };
}

/** Removes what the failed start created: its new files, then its new folders where they are empty. */
export function removeStartFootprint(footprint: StartFootprint): void {
  // Best effort, and never louder than the failure being reported: a path that cannot be removed
  // (its parent is a file, say) is one the start could not have created either.
  for (const file of footprint.newFiles) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Not ours to remove, or not there.
    }
  }
  for (const dir of footprint.newDirs) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (someone else's files) or already gone: leave it.
    }
  }
}
