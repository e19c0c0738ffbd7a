// The layering rule (eslint/layers.js) must fail on each kind of violation, pass on the tree as it
// is, and agree with the layers docs/architecture.md draws.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import layers, { LAYERS } from "../../eslint/layers.js";

const SRC = resolve("src");
const linter = new Linter({ configType: "flat" });
const config: Linter.Config[] = [
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { mimic: layers },
    rules: { "mimic/layers": ["error", { srcDir: SRC }] as Linter.RuleEntry },
  },
];
const lint = (file: string, code: string): string[] => linter.verify(code, config, { filename: join(SRC, file) }).map((m) => m.message);

describe("the layering lint rule", () => {
  it("refuses an upward import", () => {
    const [message] = lint("synth/model/fit.ts", 'import { buildApp } from "../../http/index.js";');
    expect(message).toMatch(/'synth' \(layer \d+\) may not import 'http'/);
  });

  it("refuses an upward dynamic import and re-export", () => {
    expect(lint("sensors/room.ts", 'await import("../device/index.js");')).toHaveLength(1);
    expect(lint("random/index.ts", 'export { x } from "../synth/index.js";')).toHaveLength(1);
    expect(lint("errors/index.ts", 'export * from "../cli/run-cli.js";')).toHaveLength(1);
  });

  it("refuses imports between folders of one layer (synth and telemetry)", () => {
    const [message] = lint("telemetry/ingest/x.ts", 'import { generate } from "../../synth/index.js";');
    expect(message).toMatch(/same layer/);
  });

  it("refuses another folder's internal/, even from above", () => {
    const [message] = lint("cli/fit.ts", 'import { readCsvTable } from "../synth/model/internal/read-csv.js";');
    expect(message).toMatch(/internal\//);
    expect(lint("synth/evaluate/table.ts", 'import { x } from "../model/internal/column-views.js";')).toHaveLength(1);
  });

  it("allows downward imports and a folder's own internal/", () => {
    expect(lint("cli/fit.ts", 'import { fit } from "../synth/index.js";\nimport { x } from "./internal/flags.js";')).toEqual([]);
    expect(lint("synth/model/fit.ts", 'import { y } from "./internal/linalg.js";\nimport { MimicError } from "../../errors/index.js";')).toEqual([]);
    expect(lint("synth/model/internal/a.ts", 'import { b } from "./b.js";')).toEqual([]);
  });

  it("refuses a folder that has no layer", () => {
    const [message] = lint("widgets/x.ts", 'import { MimicError } from "../errors/index.js";');
    expect(message).toMatch(/'widgets' is not a layer/);
  });

  it("finds nothing in src/ as it stands", () => {
    const problems: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith(".ts") && !path.includes(`${join("src", "gen")}`)) {
          for (const m of linter.verify(readFileSync(path, "utf8"), config, { filename: path }).filter((m) => m.ruleId === "mimic/layers"))
            problems.push(`${path}:${m.line} ${m.message}`);
        }
      }
    };
    walk(SRC);
    expect(problems).toEqual([]);
    // Parsing every file with the TypeScript parser takes seconds, and a minute on a loaded machine.
  }, 180_000);

  it("has a layer for every folder of src/, and docs/architecture.md lists them in the same order", () => {
    const placed = new Set(LAYERS.flat());
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    for (const folder of folders) expect(placed.has(folder), folder).toBe(true);
    const doc = readFileSync("docs/architecture.md", "utf8");
    const drawn = /```text\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    // The drawing lists the layers top to bottom, one line each, folders first.
    const lines = drawn
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.split(/\s{2,}/)[0]!.trim());
    expect(lines.reverse()).toEqual(LAYERS.map((folders) => folders.join(" ")));
  });
});
