// Runs every benchmark (bench/*.bench.ts), or those whose name contains an argument:
//   npm run bench                 all
//   npm run bench -- generate     only bench/generate*.bench.ts
// Each benchmark measures its own baseline in the same run and prints a ratio against it,
// because the machine is shared and noisy: absolute numbers alone prove nothing.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const filters = process.argv.slice(2);
const files = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(", ") || "(none in bench/)"}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", `bench/${file}`], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
