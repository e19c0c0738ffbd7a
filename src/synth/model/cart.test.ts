import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import {
  CHOICE_MIN_DCR_OVERFITTING,
  CHOICE_UTILITY_MARGIN,
  CHOICE_UTILITY_Z,
  COPIES_BEYOND_CHANCE_P,
  chooseMethod,
  choiceUtility,
  copiesAgainstChance,
  evaluateTables,
  membershipAdvantage,
  privacyReadings,
  sampleTable,
  utilityDifferenceSpread,
  utilityMargin,
  utilityPreference,
  weighMethods,
  type PrivacyScores,
} from "../evaluate/index.js";
import { fitModel } from "./fit.js";
import { readCsvTable } from "./internal/read-csv.js";
import { validateModel } from "./model-file.js";
import { parseConditions } from "./conditions.js";
import { modelGenerator } from "./sampler.js";
import { holdoutRows, splitTable } from "./table-rows.js";
import { tempDir } from "./test-support/temp-csv.js";
import { vegaCsvPath, vegaPath } from "./test-support/vega.js";
import type { ColumnVector } from "../batch.js";
import { createRandom } from "../../random/index.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

/**
 * An interaction a copula cannot hold: y is "same" exactly when a and b agree, so every pair of
 * columns is independent and only the three together say anything (XOR).
 */
function xorCsv(rows: number): string {
  const lines = ["a,b,y,x"];
  let s = 7;
  const rand = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < rows; i++) {
    const a = rand() < 0.5 ? "p" : "q",
      b = rand() < 0.5 ? "p" : "q";
    lines.push(`${a},${b},${a === b ? "same" : "differ"},${(a === "p" ? 10 : 20) + Math.round(rand() * 50) / 10}`);
  }
  return lines.join("\n") + "\n";
}

function codes(v: ColumnVector): { codes: Uint32Array; dictionary: readonly string[] } {
  const values = v.values as { kind: "dictionary"; codes: Uint32Array; dictionary: readonly string[] };
  return values;
}

describe("sequential CART (fit --method cart)", () => {
  it("learns a three-way interaction the copula cannot, and samples the same rows for a seed", async () => {
    const table = await readCsvTable(tmp.file("xor.csv", xorCsv(4000)));
    const agreeShare = (method: "copula" | "cart"): number => {
      const { model } = fitModel(table, undefined, { method });
      const batch = modelGenerator(model, { seed: 3 }).generateChunk(0, 4000);
      const [a, b, y] = [0, 1, 2].map((c) => codes(batch.columns[c]!));
      let right = 0;
      for (let i = 0; i < batch.length; i++) {
        const same = a!.dictionary[a!.codes[i]!] === b!.dictionary[b!.codes[i]!];
        if ((y!.dictionary[y!.codes[i]!] === "same") === same) right++;
      }
      return right / batch.length;
    };
    // Real rows: always consistent. The copula sees no pairwise dependence: about half.
    expect(agreeShare("cart")).toBeGreaterThan(0.97);
    expect(agreeShare("copula")).toBeLessThan(0.6);
    const { model } = fitModel(table, undefined, { method: "cart" });
    const one = modelGenerator(model, { seed: 5 }).generateChunk(1, 500);
    const two = modelGenerator(model, { seed: 5 }).generateChunk(1, 500);
    const other = modelGenerator(model, { seed: 6 }).generateChunk(1, 500);
    expect(codes(one.columns[2]!).codes).toEqual(codes(two.columns[2]!).codes);
    expect(one.columns[3]!.values).toEqual(two.columns[3]!.values);
    expect(one.columns[3]!.values).not.toEqual(other.columns[3]!.values);
  });

  it("keeps --where exactly, with the other columns following the condition", async () => {
    const table = await readCsvTable(tmp.file("xor2.csv", xorCsv(4000)));
    const { model } = fitModel(table, undefined, { method: "cart" });
    // y is the last tree but the first columns follow it: same and a=q leaves b=q.
    const gen = modelGenerator(model, { seed: 1, conditions: parseConditions(model, ["y=same", "a=q"]) });
    const batch = gen.generateChunk(0, 1000);
    const [a, b, y] = [0, 1, 2].map((c) => codes(batch.columns[c]!));
    for (let i = 0; i < batch.length; i++) {
      expect(y!.dictionary[y!.codes[i]!]).toBe("same");
      expect(a!.dictionary[a!.codes[i]!]).toBe("q");
      expect(b!.dictionary[b!.codes[i]!]).toBe("q");
    }
    // x follows a: 20 + [0, 5] when a is q.
    expect(Math.min(...(batch.columns[3]!.values as Float64Array))).toBeGreaterThanOrEqual(20);
  });

  it("splits at the edge of a point mass: seattle-weather's dry days stay mostly not rain, its wet days never sun", async () => {
    const table = await readCsvTable(vegaPath("seattle-weather.csv"));
    const { model } = fitModel(table, undefined, { method: "cart" });
    const batch = modelGenerator(model, { seed: 2 }).generateChunk(0, 4000);
    const rain = codes(batch.columns[1]!);
    const weather = codes(batch.columns[5]!);
    let dry = 0,
      dryRain = 0,
      wet = 0,
      wetSun = 0;
    for (let i = 0; i < batch.length; i++) {
      const label = weather.dictionary[weather.codes[i]!];
      if (Number(rain.dictionary[rain.codes[i]!]) === 0) {
        dry++;
        if (label === "rain") dryRain++;
      } else {
        wet++;
        if (label === "sun") wetSun++;
      }
    }
    // Real: 5% of dry days are rain, no wet day is sun. Cuts between scores, not at the edge of the
    // 0 mm run, gave 35% and 23%.
    expect(dryRain / dry).toBeLessThan(0.12);
    expect(wetSun / wet).toBeLessThan(0.03);
  });

  it("smooths number leaves (same splits, the leaves' spread kept) and still loads a file of raw leaves, as written before", async () => {
    const table = await readCsvTable(vegaPath("seattle-weather.csv"));
    const smoothed = fitModel(table, undefined, { method: "cart" }).model;
    const raw = JSON.parse(JSON.stringify(fitModel(table, undefined, { method: "cart", cartSmoothing: 0 }).model)) as typeof smoothed;
    let leaves = 0,
      moved = 0;
    const spreadRatios: number[] = [];
    // A leaf's spread: the standard deviation of its 17 equally likely quantiles.
    const spread = (q: readonly number[]): number => {
      const mean = q.reduce((a, b) => a + b, 0) / q.length;
      return Math.sqrt(q.reduce((a, b) => a + (b - mean) ** 2, 0) / q.length);
    };
    smoothed.cart!.trees.forEach((tree, t) =>
      tree.nodes.forEach((node, i) => {
        const before = raw.cart!.trees[t]!.nodes[i]!;
        if ("feature" in node) expect(before).toEqual(node);
        if (!("quantiles" in node) || !("quantiles" in before) || before.quantiles.length < 2) return;
        expect(node.quantiles).toHaveLength(before.quantiles.length);
        leaves++;
        if (node.quantiles.some((v, k) => v !== before.quantiles[k])) moved++;
        if (spread(before.quantiles) > 0) spreadRatios.push(spread(node.quantiles) / spread(before.quantiles));
      }),
    );
    expect(leaves).toBeGreaterThan(20);
    expect(moved / leaves).toBeGreaterThan(0.9);
    // The kernel is twice Silverman's, its centres pulled toward the leaf's mean so that the leaf
    // keeps its variance (leaf-smoothing.ts): without the pull the median leaf widens by a third (checked).
    spreadRatios.sort((a, b) => a - b);
    expect(spreadRatios[Math.floor(spreadRatios.length / 2)]!).toBeGreaterThan(0.9);
    expect(spreadRatios[Math.floor(spreadRatios.length / 2)]!).toBeLessThan(1.1);
    // A file fitted before smoothing holds raw quantiles in the same format: it validates and samples.
    const loaded = validateModel(raw);
    expect(modelGenerator(loaded, { seed: 1 }).generateChunk(0, 100).length).toBe(100);
    // Deterministic: the same fit gives the same leaves.
    expect(fitModel(table, undefined, { method: "cart" }).model.cart).toEqual(smoothed.cart);
  });

  it("shrinks a discrete number's class leaves toward their parent (cars' model year), not a category's (its origin)", async () => {
    const table = await readCsvTable(vegaCsvPath("cars.json", tmp.dir));
    const { model } = fitModel(table, undefined, { method: "cart" });
    // cartSmoothing 0 fits raw leaves: no kernel, and a discrete number's own shares.
    const raw = fitModel(table, undefined, { method: "cart", cartSmoothing: 0 }).model;
    const tree = (m: typeof model, name: string) => m.cart!.trees[m.copula.columns.indexOf(name)]!;
    const year = model.columns.find((c) => c.name === "Year")!;
    expect(year.kind).toBe("discrete");
    // The same splits; the origin's leaves unchanged.
    expect(tree(model, "Origin")).toEqual(tree(raw, "Origin"));
    const splits = (t: ReturnType<typeof tree>) => t.nodes.filter((n) => "feature" in n);
    expect(splits(tree(model, "Year"))).toEqual(splits(tree(raw, "Year")));
    // Raw, a leaf of ≥ 20 cars gives a model year none of its cars has no chance and one car's
    // year 1/20 or more; shrunk, every year the table holds keeps some chance in every leaf.
    const leaves = (t: ReturnType<typeof tree>) => t.nodes.flatMap((n) => ("shares" in n ? [n.shares] : []));
    expect(leaves(tree(raw, "Year")).some((s) => s.includes(0))).toBe(true);
    expect(leaves(tree(model, "Year")).length).toBeGreaterThan(3);
    for (const shares of leaves(tree(model, "Year"))) {
      expect(Math.min(...shares)).toBeGreaterThan(0);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    // The file validates and samples; the same fit gives the same trees.
    expect(modelGenerator(validateModel(JSON.parse(JSON.stringify(model))), { seed: 1 }).generateChunk(0, 50).length).toBe(50);
    expect(fitModel(table, undefined, { method: "cart" }).model.cart).toEqual(model.cart);
  });

  it("writes a current-version file that validates, and refuses one edited into another method", async () => {
    const table = await readCsvTable(tmp.file("xor3.csv", xorCsv(500)));
    const cart = JSON.parse(JSON.stringify(fitModel(table, undefined, { method: "cart" }).model)) as Record<string, unknown>;
    const copula = JSON.parse(JSON.stringify(fitModel(table).model)) as Record<string, unknown>;
    expect(validateModel(cart).method).toBe("cart");
    expect(validateModel(copula).method).toBe("copula");
    // Version 3 and 4 files (methods, before a date's period / before draw shifts) still load.
    expect(validateModel({ ...cart, version: 3 }).method).toBe("cart");
    expect(validateModel({ ...cart, version: 4 }).method).toBe("cart");
    const refused = (data: unknown): unknown => {
      try {
        validateModel(data);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    // A copula renamed cart (no trees), a CART file renamed copula, an unknown method, a tree reading a later column.
    expect(refused({ ...copula, method: "cart" })).toMatchObject({ code: "MODEL_INVALID", issues: [{ code: "bad_cart" }] });
    expect(refused({ ...cart, method: "copula" })).toMatchObject({ code: "MODEL_INVALID", issues: [{ code: "bad_method" }] });
    expect(refused({ ...cart, method: "bayesnet" })).toMatchObject({ code: "MODEL_INVALID", issues: [{ code: "bad_method" }] });
    const trees = (cart["cart"] as { trees: { nodes: Record<string, number>[] }[] }).trees;
    const split = trees[2]!.nodes.find((n) => "feature" in n)!;
    split["feature"] = 3;
    expect(refused(cart)).toMatchObject({ code: "MODEL_INVALID", issues: [{ code: "bad_cart", path: expect.stringMatching(/^cart\.trees\.2\.nodes/) }] });
    // Version 2 files (copulas from before) still load.
    const { method: _, hierarchy: _drawn, ...old } = copula;
    expect(validateModel({ ...old, version: 2 }).method).toBeUndefined();
  });
});

describe("holdout split and auto", () => {
  it("parses shares and counts, and refuses a holdout the table cannot give", () => {
    expect(holdoutRows("20%", 1000)).toBe(200);
    expect(holdoutRows("0.25", 1000)).toBe(250);
    expect(holdoutRows("300", 1000)).toBe(300);
    for (const bad of ["120%", "1000", "999", "1", "lots", "-5"])
      expect(() => holdoutRows(bad, 1000)).toThrow(expect.objectContaining({ code: "MODEL_BAD_HOLDOUT" }) as Error);
  });

  it("splits rows without overlap, the same way for a seed", async () => {
    const table = await readCsvTable(vegaPath("seattle-weather.csv"));
    const a = splitTable(table, 292, 42),
      b = splitTable(table, 292, 42);
    expect(a.holdout.rowCount).toBe(292);
    expect(a.fit.rowCount).toBe(table.rowCount - 292);
    const dates = (t: typeof table): Float64Array => (t.columns[0] as { values: Float64Array }).values;
    expect(dates(a.holdout)).toEqual(dates(b.holdout));
    const seen = new Set(dates(a.fit));
    expect([...dates(a.holdout)].some((d) => seen.has(d))).toBe(false);
  });

  it("auto records both methods' quality and privacy on the held-out part, and the file keeps them", async () => {
    const table = await readCsvTable(vegaPath("seattle-weather.csv"));
    const choice = await chooseMethod(table, undefined, 42);
    expect(choice.heldOutRows).toBe(292);
    expect(choice.quality.copula).toBeGreaterThan(0.8);
    expect(choice.quality.cart).toBeGreaterThan(0.8);
    // Quality (or utility beyond its margin) decides unless exactly one method fails the privacy bar.
    const p = choice.privacy!;
    // Copies were counted on CHOICE_COPY_ROWS sampled rows (the table's 1,169 would hold one or none) and tested against chance.
    expect(p.copula.copies).toBeDefined();
    const fails = (m: "copula" | "cart"): boolean => p[m].dcrOverfitting < CHOICE_MIN_DCR_OVERFITTING || p[m].copies!.pValue < COPIES_BEYOND_CHANCE_P;
    const byQuality = choice.quality.cart > choice.quality.copula ? "cart" : "copula";
    // Utility: the TSTR/TRTR ratio of the one category target (weather), shared TRTR, and its capped mean; the reason says both.
    const u = choice.utility!;
    for (const m of ["copula", "cart"] as const) {
      expect(Object.keys(u[m].ratios)).toEqual(["weather"]);
      expect(u[m].score).toBeCloseTo(Math.min(1, u[m].ratios["weather"]!), 4);
      expect(u[m].score).toBeGreaterThan(0.3);
      expect(choice.reason).toContain(`${m} ${u[m].score.toFixed(4)} (weather ${u[m].ratios["weather"]!.toFixed(2)})`);
    }
    expect(choice.reason).toContain("utility (TSTR/TRTR macro-F1, mean capped at 1)");
    // The spread of the difference over resamples of the 292 held-out rows: a few hundredths on seattle-weather's rare classes.
    expect(choice.utilitySpread).toBeGreaterThan(0.005);
    expect(choice.utilitySpread).toBeLessThan(0.2);
    if (!fails("copula") && !fails("cart")) expect(choice.chosen).toBe(utilityPreference(u, choice.utilitySpread) ?? byQuality);
    if (fails("copula") !== fails("cart")) expect(choice.chosen).toBe(fails("cart") ? "copula" : "cart");
    expect(choice.reason).toContain(choice.chosen);
    const model = JSON.parse(JSON.stringify(fitModel(table, undefined, { method: choice.chosen }).model)) as Record<string, unknown>;
    expect(validateModel({ ...model, choice }).choice).toEqual(choice);
    let error: unknown;
    try {
      validateModel({ ...model, choice: { ...choice, privacy: { copula: 1 } } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "MODEL_INVALID", issues: [{ code: "bad_choice", path: "choice" }] });
    // A utility that is not a score and ratios per method is refused; a file written before utility (none) loads.
    expect(() => validateModel({ ...model, choice: { ...choice, utility: { copula: { score: 1 } } } })).toThrow(
      expect.objectContaining({ code: "MODEL_INVALID" }) as Error,
    );
    const { utility: _, utilitySpread: _spread, ...older } = choice;
    expect(validateModel({ ...model, choice: older }).choice).toEqual(older);
  });

  it("auto lets utility outweigh quality only beyond a margin, and never the privacy bar", () => {
    const scores = (dcr: number): PrivacyScores => ({
      dcrBaselineProtection: 0.2,
      medianDcr: 0.1,
      medianDcrRandom: 0.5,
      dcrOverfittingProtection: dcr,
      holdoutExactCopyShare: 0,
      exactCopies: 0,
      exactCopyShare: 0,
      dcrRows: 500,
      dcrReferenceRows: 100,
    });
    const ok = { copula: scores(0.95), cart: scores(0.95) };
    // Penguins-like: the copula scores the higher quality but loses Island (TSTR 0.70 against CART's 0.97).
    const quality = { copula: 0.85, cart: 0.83 };
    const lost = {
      copula: { score: 0.8833, ratios: { Species: 0.98, Island: 0.7, Sex: 0.97 } },
      cart: { score: 0.9733, ratios: { Species: 0.98, Island: 0.97, Sex: 0.97 } },
    };
    // A difference of 0.09: beyond CHOICE_UTILITY_MARGIN when the held-out rows barely move it, within 2.5 times a spread of 0.06.
    expect(weighMethods(quality, ok, 55, lost, 0.02).chosen).toBe("cart");
    const noisy = weighMethods(quality, ok, 55, lost, 0.06);
    expect(noisy.chosen).toBe("copula");
    expect(noisy.reason).toContain("the difference in utility is under the 0.15 that outweighs quality (at least 0.05, and 2.5 × 0.060");
    const far = { copula: { score: 0.7, ratios: { Island: 0.7 } }, cart: { score: 0.97, ratios: { Island: 0.97 } } };
    const byUtility = weighMethods(quality, ok, 55, far, 0.04);
    expect(byUtility.chosen).toBe("cart");
    expect(byUtility.reason).toContain("cart scored quality 0.8300 against 55 held-out real rows, copula 0.8500");
    expect(byUtility.reason).toContain("utility (TSTR/TRTR macro-F1, mean capped at 1) cart 0.9700 (Island 0.97), copula 0.7000 (Island 0.70)");
    expect(byUtility.reason).toContain("cart's utility is higher by the 0.10 that outweighs quality (at least 0.05, and 2.5 × 0.040");
    expect(byUtility.reason).toContain("so it outweighs copula's quality");
    // Exactly the margin counts; both preferring the copula keeps it, with no word of outweighing.
    const at = (cart: number) => ({ copula: { score: 0.7, ratios: {} }, cart: { score: cart, ratios: {} } });
    expect(utilityPreference(at(0.7 + CHOICE_UTILITY_MARGIN))).toBe("cart");
    expect(utilityPreference(at(0.7 + CHOICE_UTILITY_MARGIN - 0.001))).toBeUndefined();
    expect(utilityPreference(at(0.8), 0.04)).toBe("cart");
    expect(utilityPreference(at(0.8), 0.0401)).toBeUndefined();
    expect(utilityMargin(0.1)).toBeCloseTo(CHOICE_UTILITY_Z * 0.1, 10);
    const agree = weighMethods({ copula: 0.9, cart: 0.8 }, ok, 55, { copula: far.cart, cart: far.copula }, 0.05);
    expect(agree.chosen).toBe("copula");
    expect(agree.reason).not.toContain("outweighs copula");
    // Without utility (no category target) quality alone, as before.
    expect(weighMethods(quality, ok, 55).chosen).toBe("copula");
    // Privacy stays a bar: CART's utility does not bring back a CART that stays closer to its training rows.
    const refused = weighMethods(quality, { copula: scores(0.95), cart: scores(0.5) }, 55, far, 0.05);
    expect(refused.chosen).toBe("copula");
    expect(refused.reason).toContain("cart was refused for privacy");
  });

  it("auto's utility spread: none when both methods predict alike, shrinking as 1/√rows when they differ", () => {
    // Two classes; TRTR right on every row, the copula's learner on 70% of them (its own errors), CART's on 90%.
    const predictions = (n: number) => {
      const truth = Int32Array.from({ length: n }, (_, i) => i % 2);
      const wrongOn = (share: number) => Int32Array.from(truth, (t, i) => ((i * 7919) % 100 < share * 100 ? 1 - t : t));
      return { target: "y", classes: 2, truth, trtr: truth, tstr: [wrongOn(0.3), wrongOn(0.1)] };
    };
    const same = { ...predictions(200), tstr: [predictions(200).tstr[0]!, predictions(200).tstr[0]!] };
    expect(utilityDifferenceSpread([same], createRandom(1))).toBe(0);
    const small = utilityDifferenceSpread([predictions(50)], createRandom(1));
    const large = utilityDifferenceSpread([predictions(5000)], createRandom(1));
    expect(small).toBeGreaterThan(0.03);
    // √(5000/50) = 10, within the noise of 200 resamples.
    expect(small / large).toBeGreaterThan(7);
    expect(small / large).toBeLessThan(14);
  });

  it("auto's utility caps each target's ratio at 1 and skips targets without one", () => {
    const score = (target: string, ratio: number) =>
      ({ target, learner: "logreg", metric: "macroF1", trtr: 0.5, tstr: 0.5 * ratio, ratio, trainRows: 100, testRows: 20 }) as const;
    // A lucky 1.4 on a few held-out rows counts as 1, not as making up for another target's 0.7.
    expect(choiceUtility([score("Sex", 1.4), score("Island", 0.7), score("Species", Number.NaN)])).toEqual({
      score: 0.85,
      ratios: { Sex: 1.4, Island: 0.7 },
    });
    expect(choiceUtility([score("Species", Number.NaN)])).toBeUndefined();
  });

  it("auto refuses the better-scoring method when it alone stays closer to its training rows or copies them", () => {
    // Copies of 400 training and 100 held-out rows: chance puts 80% of them on training rows.
    const scores = (dcr: number, training = 0, held = 0): PrivacyScores => {
      const copies = copiesAgainstChance(
        Uint8Array.from({ length: training + held }, (_, i) => (i < training ? 1 : 0)),
        Uint8Array.from({ length: training + held }, (_, i) => (i < training ? 0 : 1)),
        400,
        100,
      );
      return {
        dcrBaselineProtection: 0.2,
        medianDcr: 0.1,
        medianDcrRandom: 0.5,
        dcrOverfittingProtection: dcr,
        holdoutExactCopyShare: 0,
        exactCopies: training,
        exactCopyShare: training / 20_000,
        copies,
        dcrRows: 500,
        dcrReferenceRows: 100,
      };
    };
    const quality = { copula: 0.9, cart: 0.95 };
    expect(weighMethods(quality, { copula: scores(0.95), cart: scores(0.97) }, 100).chosen).toBe("cart");
    const closer = weighMethods(quality, { copula: scores(0.95), cart: scores(0.85) }, 100);
    expect(closer.chosen).toBe("copula");
    expect(closer.reason).toContain("cart was refused for privacy: DCR overfitting protection 0.850 < 0.9");
    // 30 training copies and none of a held-out row: P = 0.8^30 ≈ 0.001, beyond chance.
    const copies = weighMethods(quality, { copula: scores(0.95), cart: scores(0.95, 30) }, 100);
    expect(copies.chosen).toBe("copula");
    expect(copies.reason).toContain(
      "30 sampled row(s) copy a training row and 0 a held-out row (of 100), where chance makes 24.0 of the 30 training copies (p = 0.0012)",
    );
    // Copies in the proportion chance gives (the held-out rows are copied as often) are no failure,
    // nor is one copy that cannot tell (the old rule refused it against a holdout rate of 0).
    expect(weighMethods(quality, { copula: scores(0.95), cart: scores(0.95, 40, 10) }, 100).chosen).toBe("cart");
    expect(weighMethods(quality, { copula: scores(0.95), cart: scores(0.95, 1) }, 100).chosen).toBe("cart");
    // Both below the bar: the nearer one (copies beyond chance first, then DCR), quality on a tie.
    const neither = weighMethods(quality, { copula: scores(0.85), cart: scores(0.8) }, 100);
    expect(neither.chosen).toBe("copula");
    expect(neither.reason).toContain("neither meets the privacy bar, copula is nearer");
    expect(weighMethods(quality, { copula: scores(0.8), cart: scores(0.85, 30) }, 100).chosen).toBe("copula");
    expect(weighMethods(quality, { copula: scores(0.8, 40), cart: scores(0.8, 30) }, 100).chosen).toBe("cart");
    expect(weighMethods(quality, { copula: scores(0.8), cart: scores(0.8) }, 100).chosen).toBe("cart");
  });

  it("auto refuses a DCR under the bar only when it is also under the range of a generator that memorised nothing", () => {
    const scores = (dcr: number, low: number): PrivacyScores => ({
      dcrBaselineProtection: 0.2,
      medianDcr: 0.1,
      medianDcrRandom: 0.5,
      dcrOverfittingProtection: dcr,
      dcrOverfittingNoise: { low, high: 1, pValue: 0.1 },
      holdoutExactCopyShare: 0,
      exactCopies: 0,
      exactCopyShare: 0,
      dcrRows: 500,
      dcrReferenceRows: 100,
    });
    const quality = { copula: 0.9, cart: 0.95 };
    // 0.85 on a small table whose chance range reaches 0.80: noise, not memorising.
    expect(weighMethods(quality, { copula: scores(0.95, 0.8), cart: scores(0.85, 0.8) }, 70).chosen).toBe("cart");
    // The same 0.85 where chance reaches down only to 0.92 (many rows): closer than chance allows.
    const refused = weighMethods(quality, { copula: scores(0.95, 0.92), cart: scores(0.85, 0.92) }, 5000);
    expect(refused.chosen).toBe("copula");
    expect(refused.reason).toContain("below the no-memorisation range 0.920–1.000");
  });
});

describe("privacy with a holdout", () => {
  it("membership advantage: 0 for the same distances, 1 for separated ones", () => {
    const same = Float64Array.from({ length: 100 }, (_, i) => i / 100);
    expect(membershipAdvantage(same, same)).toBe(0);
    expect(membershipAdvantage(Float64Array.of(0, 0, 0.01), Float64Array.of(0.5, 0.6, 0.7))).toBe(1);
    expect(membershipAdvantage(Float64Array.of(0, 1), Float64Array.of(0.5, 2))).toBeCloseTo(0.5);
  });

  it("tells a memorising 'synthesiser' (the training rows themselves) from a CART sample", async () => {
    const table = await readCsvTable(vegaPath("seattle-weather.csv"));
    const { fit, holdout } = splitTable(table, 700, 1);
    const copies = evaluateTables(fit, fit, holdout);
    const { model } = fitModel(fit, undefined, { method: "cart" });
    const synthetic = await sampleTable(model, fit.rowCount, 1, join(tmp.dir, "cart.csv"));
    const cart = evaluateTables(fit, synthetic, holdout);
    expect(copies.privacy.dcrOverfittingProtection).toBeLessThan(0.1);
    // Far below what a generator that learnt nothing of which rows were training scores on these rows.
    expect(copies.privacy.dcrOverfittingProtection).toBeLessThan(copies.privacy.dcrOverfittingNoise!.low);
    expect(copies.privacy.dcrOverfittingNoise!.pValue).toBe(0);
    expect(privacyReadings(copies.privacy).join(" ")).toContain("Below chance");
    expect(copies.privacy.membershipAdvantage).toBeGreaterThan(0.9);
    expect(copies.privacy.exactCopyShare).toBeGreaterThan(copies.privacy.holdoutExactCopyShare!);
    expect(cart.privacy.dcrOverfittingProtection).toBeGreaterThan(0.75);
    expect(cart.privacy.membershipAdvantage).toBeLessThan(0.2);
    expect(cart.privacy.exactCopyShare).toBeLessThanOrEqual(cart.privacy.holdoutExactCopyShare! + 1e-9);
    expect(cart.privacy.holdoutDcrBaselineProtection).toBeGreaterThan(0);
  });
});

describe("utility (TSTR vs TRTR)", () => {
  it("scores synthetic rows that keep the target's dependence near 1 and shuffled targets low, and refuses bad targets", async () => {
    const table = await readCsvTable(vegaPath("seattle-weather.csv"));
    const { fit, holdout } = splitTable(table, 400, 2);
    const e = evaluateTables(fit, fit, holdout, { targets: ["weather"] });
    // Trained on the real rows themselves: TSTR is TRTR.
    expect(e.utility![0]!.ratio).toBeCloseTo(1, 6);
    expect(e.utility![0]!.trtr).toBeGreaterThan(0.2);
    // The same rows with `weather` reversed row by row: the features no longer say anything of it.
    const reversed = {
      ...fit,
      columns: fit.columns.map((c) => (c.name === "weather" && c.storage === "text" ? { ...c, codes: c.codes.slice().reverse() } : c)),
    };
    const broken = evaluateTables(fit, reversed, holdout, { targets: ["weather"] });
    expect(broken.utility![0]!.ratio).toBeLessThan(0.8);
    const refused = (targets: string[], withHoldout = true): unknown => {
      try {
        evaluateTables(fit, fit, withHoldout ? holdout : undefined, { targets });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(refused(["nope"])).toMatchObject({ code: "EVAL_BAD_TARGET" });
    expect(refused(["weather"], false)).toMatchObject({ code: "EVAL_BAD_TARGET" });
    // A constant number target: nothing to regress.
    const flat = { ...fit, columns: fit.columns.map((c) => (c.name === "wind" && c.storage === "numeric" ? { ...c, values: c.values.map(() => 3) } : c)) };
    expect(
      (() => {
        try {
          evaluateTables(flat, fit, holdout, { targets: ["wind"] });
        } catch (e) {
          return e;
        }
        return undefined;
      })(),
    ).toMatchObject({ code: "EVAL_BAD_TARGET" });
  });

  it("scores a number target by ridge regression's R² (temp_max from the other columns)", async () => {
    const table = await readCsvTable(vegaPath("seattle-weather.csv"));
    const { fit, holdout } = splitTable(table, 400, 2);
    const same = evaluateTables(fit, fit, holdout, { targets: ["temp_max"] }).utility![0]!;
    expect(same).toMatchObject({ target: "temp_max", learner: "ridge", metric: "r2" });
    // temp_min and the date's season carry most of temp_max: R² well above 0 on unseen rows.
    expect(same.trtr).toBeGreaterThan(0.6);
    expect(same.ratio).toBeCloseTo(1, 6);
    // temp_max moved half a year along the (date-sorted) rows: summer days get winter highs.
    const shifted = {
      ...fit,
      columns: fit.columns.map((c) =>
        c.name === "temp_max" && c.storage === "numeric" ? { ...c, values: c.values.map((_, i, v) => v[(i + 182) % v.length]!) } : c,
      ),
    };
    const broken = evaluateTables(fit, shifted, holdout, { targets: ["temp_max"] }).utility![0]!;
    expect(broken.tstr).toBeLessThan(0.2);
    expect(broken.ratio).toBeLessThan(0.3);
  });
});
