// The naive baseline every score stands beside: always answer the most frequent training class.
// A classifier that does not beat it has learned nothing from the features.

export interface MajorityModel {
  kind: "majority";
  classes: number;
  /** The most frequent class of the training labels (ties: the lower index). */
  majority: number;
}

export function fitMajority(y: Int32Array, classes: number): MajorityModel {
  const counts = new Float64Array(classes);
  for (const c of y) counts[c]!++;
  let majority = 0;
  for (let c = 1; c < classes; c++) if (counts[c]! > counts[majority]!) majority = c;
  return { kind: "majority", classes, majority };
}

export function predictMajority(model: MajorityModel, rows: number): Int32Array {
  return new Int32Array(rows).fill(model.majority);
}
