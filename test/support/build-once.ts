// Vitest's global setup: the end-to-end tests run the built CLI (dist/), so it is built first, in
// every way the tests are started (`npm test`, `npx vitest run test/e2e/…`), never a stale dist/.
// The build is incremental: with nothing changed it takes about a second.
import { spawnSync } from "node:child_process";

export default function setup(): void {
  const r = spawnSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error("npm run build failed: the end-to-end tests would run a stale or missing dist/; fix the build first.");
}
