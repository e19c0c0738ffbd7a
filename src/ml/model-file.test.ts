import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import type { Dataset } from "./dataset.js";
import { classifierFromJson, classifierToJson } from "./model-file.js";
import { fitPipeline, predictPipeline, type ModelKind } from "./pipeline.js";

function blobs(seed: number): Dataset {
  const r = createRandom(seed);
  const n = 600;
  const x = Float64Array.from({ length: n * 2 }, (_, i) => 20 + (i % 2) * 20 + ((i >> 1) % 3) * 0.8 + r.next() * 2);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  return { features: ["temperature", "humidity"], classes: ["a", "b", "c"], x, y, times: Float64Array.from({ length: n }, (_, i) => i) };
}

describe("the classifier file", () => {
  for (const [kind, kernel] of [["logreg"], ["knn"], ["forest"], ["svm", "linear"], ["svm", "rbf"]] as [ModelKind, ("linear" | "rbf")?][]) {
    it(`${kind}${kernel ? ` (${kernel})` : ""}: saved and reloaded, predicts every row exactly as before`, () => {
      const data = blobs(1);
      const p = fitPipeline(data, kind, { k: 3, trees: 20, ...(kernel ? { kernel } : {}) });
      const text = classifierToJson(p, "device", { rows: 600 });
      const back = classifierFromJson(text, "model.json");
      const q = blobs(2).x;
      expect(Array.from(predictPipeline(back.pipeline, q))).toEqual(Array.from(predictPipeline(p, q)));
      expect(back.pipeline).toEqual(p);
      expect(back.target).toBe("device");
    });
  }

  const text = classifierToJson(fitPipeline(blobs(1), "logreg"), "device", {});
  it("refuses another format version with ML_MODEL_VERSION", () => {
    const other = JSON.parse(text) as Record<string, unknown>;
    other.version = 2;
    expect(() => classifierFromJson(JSON.stringify(other), "m.json")).toThrow(expect.objectContaining({ code: "ML_MODEL_VERSION" }));
  });
  it("refuses a file edited by hand with ML_MODEL_EDITED", () => {
    const edited = text.replace(/"weights":\[(-?[\d.e-]+)/, (_m, w: string) => `"weights":[${Number(w) + 1}`);
    expect(edited).not.toBe(text);
    expect(() => classifierFromJson(edited, "m.json")).toThrow(expect.objectContaining({ code: "ML_MODEL_EDITED" }));
  });
  it("refuses what is not a classifier, or one whose checksum holds over a broken shape, with ML_MODEL_INVALID", () => {
    expect(() => classifierFromJson("{not json", "m.json")).toThrow(expect.objectContaining({ code: "ML_MODEL_INVALID" }));
    expect(() => classifierFromJson('{"format":"mimic-model"}', "m.json")).toThrow(expect.objectContaining({ code: "ML_MODEL_INVALID" }));
    const p = fitPipeline(blobs(1), "logreg");
    const broken = classifierToJson({ ...p, model: { ...p.model, weights: [1, 2] } as typeof p.model }, "device", {});
    expect(() => classifierFromJson(broken, "m.json")).toThrow(
      expect.objectContaining({ code: "ML_MODEL_INVALID", message: expect.stringContaining("weights") }),
    );
  });
  it("refuses a forest whose tree points back to its root (a walk that would never end)", () => {
    const p = fitPipeline(blobs(1), "forest", { trees: 2 });
    if (p.model.kind !== "forest") throw new Error("not a forest");
    const tree = p.model.trees[0]!;
    const loop = { ...p, model: { ...p.model, trees: [{ ...tree, child: [0, ...tree.child.slice(1)] }] } };
    expect(() => classifierFromJson(classifierToJson(loop, "device", {}), "m.json")).toThrow(
      expect.objectContaining({ code: "ML_MODEL_INVALID", message: expect.stringContaining("trees") }),
    );
  });
});
