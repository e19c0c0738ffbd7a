// Sampling a fitted model as a TableGenerator: chunk by chunk, each chunk from its own random
// streams (copula, then one per column), so output is identical for any number of workers and a
// given seed, and columns fill typed arrays without a per-row object.
import type { ColumnBatch, ColumnSpec, ColumnVector, TableGenerator } from "../batch.js";
import { createRandom, type Random } from "../random/index.js";
import { conditionalSampler, type Condition, type ConditionalSampler } from "./conditions.js";
import { formatDatetime, formatResolutionMs } from "./internal/datetime-format.js";
import { cholesky } from "./internal/linalg.js";
import { intervalOf, zQuantile, zQuantileTable, zThresholds, type ZQuantile } from "./internal/z-table.js";
import { fakeEmail, fakeName, fakePhone } from "./internal/personal.js";
import { isCopulaColumn, type Model, type ModelColumn } from "./model-types.js";

export interface SampleOptions {
  seed: number | string;
  /** Conditions from `parseConditions`; rows are drawn given them, exactly. */
  conditions?: readonly Condition[];
  /** Rows per chunk; part of the output contract (changing it changes the rows for a seed). */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 16_384;

// The writers format datetimes straight from epoch milliseconds with these tokens; formats with
// single-letter fields (M/D/YYYY) are formatted here into strings instead.
const WRITER_TOKENS_ONLY = /^(?:YYYY|MM|DD|HH|mm|ss|SSS|[^A-Za-z])*$/;

function writerFormats(format: string | undefined): format is string {
  return format !== undefined && WRITER_TOKENS_ONLY.test(format.replace(/T|Z/g, "-"));
}

function specOf(c: ModelColumn): ColumnSpec {
  const nullable = c.nullRate > 0;
  switch (c.kind) {
    case "continuous":
    case "discrete":
      if (writerFormats(c.datetimeFormat)) return { name: c.name, type: "datetime", format: c.datetimeFormat, nullable };
      if (c.datetimeFormat !== undefined) return { name: c.name, type: "string", nullable };
      return c.kind === "continuous" && c.integer ? { name: c.name, type: "int", nullable } : c.decimals > 0 ? { name: c.name, type: "float", scale: c.decimals, nullable } : { name: c.name, type: "int", nullable };
    case "identifier":
      return { name: c.name, type: c.pattern.type === "integer" ? "int" : "string" };
    default:
      return { name: c.name, type: "string", nullable };
  }
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/**
 * A generator of synthetic rows for a model.
 *
 * @example
 * const gen = modelGenerator(model, { seed: 42 });
 * const batch = gen.generateChunk(0, 1000);
 */
export function modelGenerator(model: Model, options: SampleOptions): TableGenerator {
  const root = createRandom(options.seed);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const k = model.copula.columns.length;
  const correlation = model.copula.correlation;
  const l = k > 0 ? cholesky(correlation)! : [];
  const lFlat = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) lFlat[i * k + j] = l[i]![j]!;
  const conditions = options.conditions ?? [];
  const conditional: ConditionalSampler | undefined = conditions.length > 0 ? conditionalSampler(correlation, conditions) : undefined;
  const fixedValue = new Map(conditions.map((c) => [c.column, c.valueIndex]));
  const copulaIndex = new Map(model.copula.columns.map((n, i) => [n, i]));
  const thresholds = new Map<string, Float64Array>();
  const quantiles = new Map<string, ZQuantile>();
  for (const c of model.columns) {
    if (c.kind === "categorical" || c.kind === "discrete") thresholds.set(c.name, zThresholds(c.probabilities));
    if (c.kind === "continuous") quantiles.set(c.name, zQuantileTable(c.marginal, c.min, c.max));
  }
  const shape = { name: "synthetic", columns: model.columns.map(specOf) };

  function copulaNormals(chunkIndex: number, length: number): Float64Array {
    const rng = root.fork("copula", chunkIndex);
    const normals = new Float64Array(length * k);
    for (let i = 0; i < normals.length; ) {
      // Marsaglia's polar method: two independent normals per accepted pair, no trigonometry.
      const a = 2 * rng.next() - 1, b = 2 * rng.next() - 1;
      const s = a * a + b * b;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      normals[i++] = a * f;
      if (i < normals.length) normals[i++] = b * f;
    }
    const z = new Float64Array(length * k);
    if (conditional) conditional.fill(root.fork("conditions", chunkIndex), normals, z, length);
    else {
      for (let row = 0; row < length; row++) {
        const base = row * k;
        for (let i = 0; i < k; i++) {
          let s = 0;
          const li = i * k;
          for (let j = 0; j <= i; j++) s += lFlat[li + j]! * normals[base + j]!;
          z[base + i] = s;
        }
      }
    }
    return z;
  }

  function nullMask(c: ModelColumn, chunkIndex: number, length: number): Uint8Array | undefined {
    if (c.nullRate <= 0 || fixedValue.has(c.name)) return undefined;
    const rng = root.fork("nulls", c.name, chunkIndex);
    const mask = new Uint8Array(length);
    for (let i = 0; i < length; i++) mask[i] = rng.next() < c.nullRate ? 1 : 0;
    return mask;
  }

  function column(c: ModelColumn, z: Float64Array, chunkIndex: number, length: number): ColumnVector {
    const nulls = nullMask(c, chunkIndex, length);
    const withNulls = (v: ColumnVector["values"]): ColumnVector => (nulls ? { values: v, nulls } : { values: v });
    const firstRow = chunkIndex * chunkSize;
    if (isCopulaColumn(c)) {
      const j = copulaIndex.get(c.name)!;
      const fixed = fixedValue.get(c.name);
      const indexAt = (cuts: Float64Array, i: number): number => fixed ?? intervalOf(cuts, z[i * k + j]!);
      if (c.kind === "categorical") {
        const cum = thresholds.get(c.name)!;
        const codes = new Uint32Array(length);
        for (let i = 0; i < length; i++) codes[i] = indexAt(cum, i);
        return withNulls({ kind: "dictionary", codes, dictionary: c.values });
      }
      if (c.kind === "discrete") {
        const cum = thresholds.get(c.name)!;
        if (c.datetimeFormat !== undefined && !writerFormats(c.datetimeFormat)) {
          const labels = c.values.map((v) => formatDatetime(v, c.datetimeFormat!));
          const codes = new Uint32Array(length);
          for (let i = 0; i < length; i++) codes[i] = indexAt(cum, i);
          return withNulls({ kind: "dictionary", codes, dictionary: labels });
        }
        const out = new Float64Array(length);
        for (let i = 0; i < length; i++) out[i] = c.values[indexAt(cum, i)]!;
        return withNulls(out);
      }
      const out = new Float64Array(length);
      const q = quantiles.get(c.name)!;
      for (let i = 0; i < length; i++) {
        const x = zQuantile(q, z[i * k + j]!);
        out[i] = c.integer ? Math.round(x) : round(x, c.decimals);
      }
      if (c.datetimeFormat !== undefined) {
        const step = formatResolutionMs(c.datetimeFormat);
        if (writerFormats(c.datetimeFormat)) {
          for (let i = 0; i < length; i++) out[i] = Math.min(c.max, Math.max(c.min, Math.round(out[i]! / step) * step));
          return withNulls(out);
        }
        const text = new Array<string>(length);
        for (let i = 0; i < length; i++) text[i] = formatDatetime(Math.min(c.max, Math.max(c.min, Math.round(out[i]! / step) * step)), c.datetimeFormat);
        return withNulls(text);
      }
      return withNulls(out);
    }
    const rng: Random = root.fork("column", c.name, chunkIndex);
    switch (c.kind) {
      case "identifier": {
        if (c.pattern.type === "integer") {
          const out = new Float64Array(length);
          for (let i = 0; i < length; i++) out[i] = c.pattern.start + firstRow + i;
          return { values: out };
        }
        const { prefix, digits, suffix } = c.pattern;
        const out = new Array<string>(length);
        for (let i = 0; i < length; i++) out[i] = prefix + String(firstRow + i + 1).padStart(digits, "0") + suffix;
        return { values: out };
      }
      case "text": {
        const out = new Array<string>(length);
        for (let i = 0; i < length; i++) {
          const n = rng.int(c.minWords, c.maxWords);
          const words: string[] = [];
          for (let w = 0; w < n; w++) words.push(c.words[rng.int(0, c.words.length - 1)]!);
          out[i] = words.join(" ");
        }
        return withNulls(out);
      }
      case "personal": {
        const out = new Array<string>(length);
        const make = c.personal === "email" ? fakeEmail : c.personal === "name" ? fakeName : (r: Random) => fakePhone(r, c.mask ?? "###-###-####");
        for (let i = 0; i < length; i++) out[i] = make(rng);
        return withNulls(out);
      }
      case "constant": {
        if (c.value === null) return { values: { kind: "dictionary", codes: new Uint32Array(length), dictionary: [""] }, nulls: new Uint8Array(length).fill(1) };
        return withNulls({ kind: "dictionary", codes: new Uint32Array(length), dictionary: [c.value] });
      }
    }
  }

  return {
    shape,
    chunkSize,
    generateChunk(chunkIndex: number, length: number): ColumnBatch {
      const z = k > 0 ? copulaNormals(chunkIndex, length) : new Float64Array(0);
      return { length, chunkIndex, columns: model.columns.map((c) => column(c, z, chunkIndex, length)) };
    },
  };
}
