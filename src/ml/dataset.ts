/**
 * A labelled table for the learners: `rows` readings of `features.length` features, row-major in
 * one Float64Array (row i's feature j at x[i * d + j]), labels as indices into `classes`, and each
 * reading's time (epoch seconds) for the time split.
 */
export interface Dataset {
  readonly features: readonly string[];
  readonly classes: readonly string[];
  readonly x: Float64Array;
  readonly y: Int32Array;
  readonly times: Float64Array;
}

/** The rows `idx` of `data` as a new dataset (same features and classes). */
export function takeRows(data: Dataset, idx: ArrayLike<number>): Dataset {
  const d = data.features.length;
  const x = new Float64Array(idx.length * d);
  const y = new Int32Array(idx.length);
  const times = new Float64Array(idx.length);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r]!;
    x.set(data.x.subarray(i * d, i * d + d), r * d);
    y[r] = data.y[i]!;
    times[r] = data.times[i]!;
  }
  return { features: data.features, classes: data.classes, x, y, times };
}

/** How many rows the dataset holds. */
export function rowCount(data: Dataset): number {
  return data.y.length;
}
