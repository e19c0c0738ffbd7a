import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import type { Dataset } from "./dataset.js";
import { honestEvaluation, seedProtocol } from "./protocol.js";
import { renderTrainReport } from "./train-report.js";

/** `k` classes of Gaussian readings around distinct centres, one reading of each a minute. */
function blobs(k: number, perClass: number, names: (c: number) => string): Dataset {
  const r = createRandom(4);
  const x: number[] = [];
  const y: number[] = [];
  const times: number[] = [];
  for (let t = 0; t < perClass; t++)
    for (let c = 0; c < k; c++) {
      x.push(20 + (c % 7) + (r.next() - 0.5), 40 + Math.floor(c / 7) * 2 + (r.next() - 0.5));
      y.push(c);
      times.push(t * 60 + c);
    }
  return {
    features: ["temperature", "humidity"],
    classes: Array.from({ length: k }, (_, c) => names(c)),
    x: Float64Array.from(x),
    y: Int32Array.from(y),
    times: Float64Array.from(times),
  };
}

function render(data: Dataset): string {
  const honest = honestEvaluation(data, "logreg", {}, createRandom(1));
  const seed = seedProtocol(data, "logreg", {}, createRandom(2));
  return renderTrainReport({
    target: "room",
    source: "x.csv",
    features: data.features,
    classes: data.classes,
    modelName: "logreg",
    rows: data.y.length,
    dropped: 0,
    honest,
    seed,
  });
}

describe("the train report", () => {
  it("draws the confusion matrix, one cell per pair of classes, and escapes the class names", () => {
    const html = render(blobs(3, 200, (c) => ["<kitchen>", "hall & stairs", "attic"][c]!));
    expect(html).toContain("&lt;kitchen&gt;");
    expect(html).toContain("hall &amp; stairs");
    expect(html).not.toContain("<kitchen>");
    expect(html.match(/<rect /g)).toHaveLength(9);
    expect(html).toContain("majority baseline");
    expect(html).toContain("the seed's: 5-fold cross-validation on its test split");
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it("leaves the matrix out, with a note, past 40 classes", () => {
    const html = render(blobs(42, 12, (c) => `room-${c}`));
    expect(html).not.toContain("<rect ");
    expect(html).toContain("42 classes: the matrix");
    // The per-class table still lists every class.
    expect(html.match(/<td>room-\d+<\/td>/g)).toHaveLength(42);
  });
});
