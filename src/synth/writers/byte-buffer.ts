// A growable byte buffer that text encoders write into directly, byte by byte: formatting a whole
// chunk into one large Buffer avoids a string and a write call per field.

/** Output bytes under construction; `bytes[0, pos)` is the encoded text so far. */
export class ByteBuffer {
  bytes: Buffer;
  pos = 0;

  constructor(initialBytes: number) {
    // allocUnsafeSlow: a Buffer that owns its ArrayBuffer, so it can be transferred between threads.
    this.bytes = Buffer.allocUnsafeSlow(Math.max(64, initialBytes));
  }

  /** Makes room for at least `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.pos + n));
    this.bytes.copy(grown, 0, 0, this.pos);
    this.bytes = grown;
  }

  /** Appends pre-encoded bytes (caller ensured room). */
  put(src: Uint8Array): void {
    const n = src.length;
    const b = this.bytes;
    let p = this.pos;
    // Short copies (dictionary words, separators) are faster as a loop than as a native call.
    if (n < 24) for (let i = 0; i < n; i++) b[p++] = src[i]!;
    else {
      b.set(src, p);
      p += n;
    }
    this.pos = p;
  }

  /** Appends a Latin-1/ASCII string known to be short (numbers rendered by String()). */
  putAscii(text: string): void {
    const b = this.bytes;
    let p = this.pos;
    for (let i = 0; i < text.length; i++) b[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** The encoded bytes, sharing memory with this buffer. */
  view(): Buffer {
    return this.bytes.subarray(0, this.pos);
  }
}

/** Writes a non-negative safe integer in decimal (no sign, no padding). */
export function putUint(o: ByteBuffer, value: number): void {
  const b = o.bytes;
  if (value < 2147483648) {
    // Int32 arithmetic (division by a constant becomes a multiply) for the common case.
    let iv = value | 0;
    const digits =
      iv < 10
        ? 1
        : iv < 100
          ? 2
          : iv < 1000
            ? 3
            : iv < 10000
              ? 4
              : iv < 100000
                ? 5
                : iv < 1000000
                  ? 6
                  : iv < 10000000
                    ? 7
                    : iv < 100000000
                      ? 8
                      : iv < 1000000000
                        ? 9
                        : 10;
    let p = o.pos + digits;
    o.pos = p;
    while (iv >= 10) {
      const q = (iv / 10) | 0;
      b[--p] = 48 + iv - q * 10;
      iv = q;
    }
    b[p - 1] = 48 + iv;
    return;
  }
  let digits = 10;
  for (let t = value / 1e10; t >= 1; t /= 10) digits++;
  let p = o.pos + digits;
  o.pos = p;
  let v = value;
  for (let k = 0; k < digits; k++) {
    const q = Math.floor(v / 10);
    b[--p] = 48 + (v - q * 10);
    v = q;
  }
}

/** Writes a non-negative integer below 10^width, left-padded with zeros to `width` digits. */
export function putPadded(o: ByteBuffer, value: number, width: number): void {
  const b = o.bytes;
  let p = o.pos + width;
  o.pos = p;
  let v = value;
  for (let i = 0; i < width; i++) {
    const q = Math.floor(v / 10);
    b[--p] = 48 + (v - q * 10);
    v = q;
  }
}

/** Copies a short run (a field prefix, a null token) to `out[q…]`; returns where it ends. */
export function putShort(out: Uint8Array, q: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) out[q++] = bytes[k]!;
  return q;
}

/**
 * Copies `src[k, e)` to `out[q…]` four bytes at a time through DataViews over them (`dst`, `src4`:
 * unaligned access compiles to plain loads and stores), then the tail byte by byte; a 34-byte
 * quoted id copies several times faster than byte by byte. Returns where the copy ends.
 */
export function copyRun(out: Uint8Array, dst: DataView, src: Uint8Array, src4: DataView, q: number, k: number, e: number): number {
  for (; k + 4 <= e; k += 4, q += 4) dst.setUint32(q, src4.getUint32(k, true), true);
  for (; k < e; k++) out[q++] = src[k]!;
  return q;
}
