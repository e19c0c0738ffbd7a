import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { fitSvm, predictSvm } from "./svm.js";

/** Two classes: inside the unit circle or in the ring from 1.5 to 2.5 around it (not linearly separable). */
function rings(n: number, seed: number): { x: Float64Array; y: Int32Array } {
  const r = createRandom(seed);
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const radius = c === 0 ? r.next() : 1.5 + r.next();
    const angle = 2 * Math.PI * r.next();
    x[2 * i] = radius * Math.cos(angle);
    x[2 * i + 1] = radius * Math.sin(angle);
    y[i] = c;
  }
  return { x, y };
}

const accuracy = (p: Int32Array, y: Int32Array): number => p.reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / y.length;

describe("the SVM", () => {
  it("linear: separates three classes split by straight lines", () => {
    const r = createRandom(2);
    const n = 3000;
    const x = Float64Array.from({ length: 2 * n }, () => r.next() * 6 - 3);
    // Class by the first feature's third: two vertical boundaries at -1 and 1.
    const y = Int32Array.from({ length: n }, (_, i) => (x[2 * i]! < -1 ? 0 : x[2 * i]! < 1 ? 1 : 2));
    const model = fitSvm(x, y, 3, createRandom(1), { lambda: 1e-4 });
    expect(model.rff).toBeNull();
    expect(accuracy(predictSvm(model, x), y)).toBeGreaterThan(0.95);
  });

  it("rbf through random Fourier features learns the rings, where the linear machine is at chance", () => {
    const train = rings(4000, 1);
    const test = rings(1000, 2);
    const linear = fitSvm(train.x, train.y, 2, createRandom(1));
    const rbf = fitSvm(train.x, train.y, 2, createRandom(1), { kernel: "rbf", epochs: 3 });
    expect(accuracy(predictSvm(linear, test.x), test.y)).toBeLessThan(0.7);
    expect(accuracy(predictSvm(rbf, test.x), test.y)).toBeGreaterThan(0.95);
    expect(rbf.rff!.omega).toHaveLength(100 * 2);
  });

  it("is the same machine for the same seed", () => {
    const { x, y } = rings(500, 3);
    expect(fitSvm(x, y, 2, createRandom(4), { kernel: "rbf" })).toEqual(fitSvm(x, y, 2, createRandom(4), { kernel: "rbf" }));
  });
});
