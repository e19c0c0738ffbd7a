// Makes the CLI entry executable after tsc (tsc does not keep the mode bit).
import { chmodSync, cpSync, existsSync, readdirSync } from "node:fs";
if (existsSync("dist/main.js")) chmodSync("dist/main.js", 0o755);

// tsc copies no data: the built-in datasets' schemas and data tables go next to their modules.
const datasets = "src/synth/datasets";
for (const entry of readdirSync(datasets, { withFileTypes: true })) {
  // A dataset folder holds <name>.yaml; skip internal/, test-support/, __snapshots__/.
  if (!entry.isDirectory() || !existsSync(`${datasets}/${entry.name}/${entry.name}.yaml`)) continue;
  cpSync(`${datasets}/${entry.name}`, `dist/synth/datasets/${entry.name}`, {
    recursive: true,
    filter: (src) => !src.endsWith(".ts"),
  });
}
