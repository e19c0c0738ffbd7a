// Makes the CLI entry executable after tsc (tsc does not keep the mode bit).
import { chmodSync, existsSync } from "node:fs";
if (existsSync("dist/main.js")) chmodSync("dist/main.js", 0o755);
