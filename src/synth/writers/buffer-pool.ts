// Output buffers kept for reuse across chunks. A load's binary COPY data (~110 bytes a row) went
// into a new buffer per table per chunk (111 MB per 1M-row coffee-shop load), each allocated and
// later collected. A buffer now comes back once its COPY is done (the connection's
// thread hands it back), and the next chunk of about that size is written into it: ~5% less CPU
// for the whole load (docs/benchmarks.md, branch i22g). The load's full garbage collections mostly
// have another cause (objects surviving young collections), measured in the same section.

/** Buffers lent for output and given back once their bytes were used. */
export interface BufferPool {
  /** A buffer of at least `size` bytes, owned by the caller until it is given back (or dropped). */
  take(size: number): ArrayBuffer;
  /**
   * Keeps a buffer for reuse: one lent before (moved to another thread and back, so a new object),
   * or any other whose bytes are no longer needed. Small ones (below 64 KB) are dropped.
   */
  give(buffer: ArrayBuffer): void;
  /** True for a buffer this pool lent and that was not given back yet. */
  lent(buffer: ArrayBufferLike): boolean;
}

/** Slack on a new buffer, so the next chunk of the same table (a few rows longer) fits it too. */
const SLACK = 1.125;
/** New buffers are whole multiples of this. */
const GRAIN = 64 * 1024;

/**
 * A pool that keeps at most `keep` buffers given back (the largest), and lends the smallest that
 * fits. Bounded memory: what it holds is at most `keep` buffers, what it lends the caller bounds.
 *
 * @example
 * const pool = createBufferPool(8);
 * const out = Buffer.from(pool.take(n), 0, n); // … sent, then
 * pool.give(out.buffer);
 */
export function createBufferPool(keep: number): BufferPool {
  const free: ArrayBuffer[] = [];
  const out = new WeakSet<ArrayBufferLike>();
  return {
    take(size) {
      let best = -1;
      for (let k = 0; k < free.length; k++) if (free[k]!.byteLength >= size && (best < 0 || free[k]!.byteLength < free[best]!.byteLength)) best = k;
      // Uninitialised, like Buffer.allocUnsafeSlow: every byte lent is written before it is read.
      const buffer = best >= 0 ? free.splice(best, 1)[0]! : Buffer.allocUnsafeSlow(Math.ceil((size * SLACK) / GRAIN) * GRAIN).buffer;
      out.add(buffer);
      return buffer;
    },
    give(buffer) {
      out.delete(buffer);
      if (buffer.byteLength < GRAIN) return;
      free.push(buffer);
      if (free.length > keep) {
        free.sort((a, b) => b.byteLength - a.byteLength);
        free.length = keep;
      }
    },
    lent: (buffer) => out.has(buffer),
  };
}
