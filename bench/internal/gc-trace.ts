// What V8's collector did in a child started with `--trace-gc-nvp` (one line per collection on its
// stdout): bytes promoted to the old generation by scavenges, and full mark-compacts. Both count
// work, not time, so they hardly move with the machine's load (a busy machine stretches pauses).
import type { Readable } from "node:stream";

export class GcTrace {
  /** Bytes scavenges promoted, scavenges and full (mark-compact) collections seen so far. */
  promoted = 0;
  scavenges = 0;
  markCompacts = 0;
  #partial = "";

  constructor(stdout: Readable) {
    stdout.on("data", (chunk: Buffer) => {
      const lines = (this.#partial + chunk.toString()).split("\n");
      this.#partial = lines.pop()!;
      for (const line of lines) this.#take(line);
    });
  }

  #take(line: string): void {
    const kind = / gc=(\w+) /.exec(line)?.[1];
    if (kind === "s") {
      this.scavenges++;
      this.promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
    } else if (kind === "mc") this.markCompacts++;
  }

  /** The counters now, to subtract from later ones. */
  snapshot(): { promoted: number; scavenges: number; markCompacts: number } {
    return { promoted: this.promoted, scavenges: this.scavenges, markCompacts: this.markCompacts };
  }
}
