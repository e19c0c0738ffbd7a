// Standard normal draws by Marsaglia & Tsang's ziggurat (J. Stat. Softw. 5(8), 2000), 128 layers.
// About 99% of draws cost one 32-bit random number, a table look-up, a compare and a multiply;
// the polar method it replaces needs ~2.5 random doubles (5 uint32), a log and a square root.
// Following Doornik (2005), the layer index and the value come from disjoint bits of the random
// word (7 low bits pick the layer, the 25 high bits are a signed value), so they are independent.
import type { Random } from "../../../random/index.js";

const LAYERS = 128;
/** Right edge of the base layer and the common area of the layers (Marsaglia & Tsang, n = 128). */
const R = 3.442619855899;
const AREA = 9.91256303526217e-3;
/** Scale of the signed 25-bit value: |j| < 2^24. */
const M = 16777216;

const kn = new Float64Array(LAYERS);
const wn = new Float64Array(LAYERS);
const fn = new Float64Array(LAYERS);
{
  let dn = R;
  let tn = dn;
  const q = AREA / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * M;
  kn[1] = 0;
  wn[0] = q / M;
  wn[LAYERS - 1] = dn / M;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(AREA / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * M;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / M;
  }
}

/** A uniform in (0, 1]: never 0, so its log is finite. */
function positiveUniform(rng: Random): number {
  return 1 - rng.next();
}

/** The rare path: a draw outside the layer's inner rectangle (wedge or tail), then retry. */
function slowPath(rng: Random, j: number, i: number): number {
  for (;;) {
    const x = j * wn[i]!;
    if (i === 0) {
      // The tail beyond R, by Marsaglia's exponential method.
      let t: number, y: number;
      do {
        t = -Math.log(positiveUniform(rng)) / R;
        y = -Math.log(positiveUniform(rng));
      } while (y + y < t * t);
      return j > 0 ? R + t : -R - t;
    }
    if (fn[i]! + rng.next() * (fn[i - 1]! - fn[i]!) < Math.exp(-0.5 * x * x)) return x;
    const u = rng.uint32();
    i = u & 127;
    j = (u | 0) >> 7;
    if (Math.abs(j) < kn[i]!) return j * wn[i]!;
  }
}

/**
 * Fills `out[from, to)` with independent standard normals from `rng`.
 *
 * @example
 * const z = new Float64Array(1000);
 * fillStandardNormals(createRandom(1), z, 0, z.length);
 */
export function fillStandardNormals(rng: Random, out: Float64Array, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const u = rng.uint32();
    const i = u & 127;
    const j = (u | 0) >> 7;
    out[k] = Math.abs(j) < kn[i]! ? j * wn[i]! : slowPath(rng, j, i);
  }
}
