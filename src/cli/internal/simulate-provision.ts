// `mimic simulate --provision`: opens the server's registry (same data dir / store as `mimic
// serve`) and issues a token per simulated device.
import { openRegistryContext, resolveStoreLocation, throwIfIssues } from "../../server/index.js";
import type { Issue } from "../../errors/index.js";
import type { FleetDevice } from "../../sensors/index.js";
import { provisionFleet } from "../../simulator/index.js";
import type { CliIo } from "../command.js";

export async function provisionTokens(devices: readonly FleetDevice[], flags: { "data-dir": string | undefined; store: string | undefined }, io: CliIo): Promise<Map<string, string>> {
  const issues: Issue[] = [];
  const location = resolveStoreLocation(flags, io.env, io.cwd, issues);
  throwIfIssues(issues, "simulate");
  const context = await openRegistryContext(location);
  try {
    return await provisionFleet(context.registry, context.secret(), devices, Date.now());
  } finally {
    await context.close();
  }
}
