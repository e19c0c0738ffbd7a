// Regenerates docs/errors.md from the compiled registry (run after `npm run build`).
import { writeFileSync } from "node:fs";
const { renderErrorsDoc } = await import("../dist/errors/index.js");
writeFileSync("docs/errors.md", renderErrorsDoc());
