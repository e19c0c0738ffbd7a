// The public API is a list a reader can see: each package entry's exported names (values and
// types), pinned. A change to this snapshot is a change to the published API: make it on purpose.
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ENTRIES = { "mimic-data": "src/api/mimic.ts", "mimic-data/telemetry": "src/api/telemetry.ts", "mimic-data/device": "src/api/device.ts" };

// One program for all entries: type-checking the tree once is most of the cost.
const program = ts.createProgram(
  Object.values(ENTRIES).map((f) => resolve(f)),
  { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true },
);

function exportedNames(file: string): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(resolve(file))!;
  const symbol = checker.getSymbolAtLocation(source)!;
  return checker
    .getExportsOfModule(symbol)
    .map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
      return `${isValue ? "value" : "type "} ${s.name}`;
    })
    .sort();
}

describe("the package's public API", () => {
  for (const [name, file] of Object.entries(ENTRIES)) {
    it(`${name} exports exactly the listed names`, () => {
      expect(exportedNames(file)).toMatchSnapshot();
    });
  }

  it("the entries only re-export (no code of their own)", async () => {
    const { readFileSync } = await import("node:fs");
    for (const file of Object.values(ENTRIES)) {
      const code = readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => !l.startsWith("//"))
        .join("\n");
      expect(code, file).not.toMatch(/\b(function|class|const|let|var)\b/);
      expect(code, file).not.toMatch(/export \*/);
    }
  });

  it("package.json's exports point at the built entries", async () => {
    const { readFileSync } = await import("node:fs");
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { name: string; exports: Record<string, { default: string }>; bin: Record<string, string> };
    expect(pkg.name).toBe("mimic-data");
    expect(pkg.bin).toEqual({ mimic: "dist/main.js" });
    for (const [name, file] of Object.entries(ENTRIES)) {
      const key = name === "mimic-data" ? "." : `./${name.split("/")[1]}`;
      expect(pkg.exports[key]?.default).toBe(`./${file.replace(/^src\//, "dist/").replace(/\.ts$/, ".js")}`);
    }
  });
});
