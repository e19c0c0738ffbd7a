// The layering rule: a folder of src/ imports only from folders in layers below its own, and never
// from another folder's internal/. The layers are the design in docs/architecture.md; keep the two
// in step. Folders in one layer do not import each other (synth and telemetry stay apart).
import path from "node:path";

/** Bottom to top. A folder not listed here is refused, so a new area has to be placed on purpose. */
export const LAYERS = [
  ["errors", "gen", "files"],
  ["random", "numeric", "parquet"],
  ["report"],
  ["sensors"],
  ["protocol"],
  ["analytics", "ml"],
  ["synth", "telemetry"],
  ["device", "dbload"],
  ["simulator"],
  ["http"],
  ["server"],
  ["cli"],
  ["api", "main.ts"],
];

const rankOf = new Map(LAYERS.flatMap((folders, rank) => folders.map((f) => [f, rank])));

/** The top folder of src/ a file belongs to ("main.ts" for src/main.ts), or undefined outside src/. */
function areaOf(file, srcDir) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}

/** The folder that owns an internal/ folder on the path, if any ("src/synth/model" for …/model/internal/x). */
function internalOwner(file) {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf("internal");
  return at > 0 && at < parts.length - 1 ? parts.slice(0, at).join(path.sep) : undefined;
}

/** Test code may reach a folder's own test-support; tests and test-support sit outside the layering. */
function isTestCode(file) {
  return /\.test\.ts$/.test(file) || file.split(path.sep).includes("test-support");
}

export const layersRule = {
  meta: {
    type: "problem",
    docs: { description: "Imports point down the layers of docs/architecture.md and never into another folder's internal/." },
    schema: [{ type: "object", properties: { srcDir: { type: "string" } }, additionalProperties: false }],
    messages: {
      upward:
        "'{{from}}' (layer {{fromRank}}) may not import '{{to}}' (layer {{toRank}}): imports point down the layers (docs/architecture.md). Move the shared code down, or pass it in from above.",
      sideways: "'{{from}}' and '{{to}}' are in the same layer and may not import each other (docs/architecture.md): move what both need to a layer below.",
      unplaced: "'{{area}}' is not a layer of src/: add it to LAYERS in eslint/layers.js and to docs/architecture.md.",
      internal: "'{{spec}}' is inside another folder's internal/: import that folder's public entry instead, or move the code out of internal/.",
    },
  },
  create(context) {
    const srcDir = path.resolve(context.options[0]?.srcDir ?? path.join(context.cwd, "src"));
    const file = path.resolve(context.filename);
    const from = areaOf(file, srcDir);
    if (from === undefined) return {};
    const check = (node, spec) => {
      if (typeof spec !== "string" || !spec.startsWith(".")) return;
      const target = path.resolve(path.dirname(file), spec);
      const owner = internalOwner(target);
      if (owner !== undefined && !(file + path.sep).startsWith(owner + path.sep)) {
        context.report({ node, messageId: "internal", data: { spec } });
        return;
      }
      const to = areaOf(target, srcDir);
      if (to === undefined || to === from || isTestCode(file)) return;
      const fromRank = rankOf.get(from);
      const toRank = rankOf.get(to);
      if (fromRank === undefined) return context.report({ node, messageId: "unplaced", data: { area: from } });
      if (toRank === undefined) return context.report({ node, messageId: "unplaced", data: { area: to } });
      if (toRank > fromRank) context.report({ node, messageId: "upward", data: { from, to, fromRank, toRank } });
      else if (toRank === fromRank) context.report({ node, messageId: "sideways", data: { from, to } });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === "Literal" && check(node.source, node.source.value),
    };
  },
};

export default { rules: { layers: layersRule } };
