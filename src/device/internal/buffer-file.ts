// The offline buffer on disk, so readings survive a process restart. An append-only JSON-lines log:
// `{"r": reading}` when a reading enters the buffer, `{"d": n}` when n readings leave its head
// (acknowledged, rejected or dropped: the buffer is FIFO, so leaving is always from the head).
// Replaying gives the buffer back; the log is rewritten whole when mostly consumed.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { MimicError } from "../../errors/index.js";
import type { DeviceReading } from "../types.js";

export class BufferFile {
  private lines = 0;

  constructor(private readonly path: string) {}

  /** Reads what a previous process left in the buffer (empty when there is no file). */
  load(): DeviceReading[] {
    if (!existsSync(this.path)) return [];
    const text = readFileSync(this.path, "utf8");
    const readings: DeviceReading[] = [];
    let removed = 0;
    let lineNo = 0;
    for (const line of text.split("\n")) {
      lineNo++;
      if (line === "") continue;
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch (cause) {
        // A torn last line (the process died mid-write) is expected; anything else is not ours.
        if (lineNo >= text.split("\n").length - 1) break;
        throw new MimicError(
          "DEVICE_BUFFER_FILE_INVALID",
          `${this.path} line ${lineNo} is not JSON; it is not a buffer file mimic wrote. Move it away or choose another bufferFile.`,
          { cause },
        );
      }
      if (typeof entry === "object" && entry !== null && "r" in entry) readings.push((entry as { r: DeviceReading }).r);
      else if (typeof entry === "object" && entry !== null && "d" in entry && typeof entry.d === "number") removed += (entry as { d: number }).d;
      else
        throw new MimicError(
          "DEVICE_BUFFER_FILE_INVALID",
          `${this.path} line ${lineNo} is not a buffer entry; it is not a buffer file mimic wrote. Move it away or choose another bufferFile.`,
        );
      this.lines++;
    }
    return readings.slice(Math.min(removed, readings.length));
  }

  append(readings: readonly DeviceReading[]): void {
    if (readings.length === 0) return;
    appendFileSync(this.path, readings.map((r) => `{"r":${JSON.stringify(r)}}\n`).join(""));
    this.lines += readings.length;
  }

  /** Records that `n` readings left the head; compacts to `remaining` when the log is mostly spent. */
  consume(n: number, remaining: readonly DeviceReading[]): void {
    if (n === 0) return;
    if (remaining.length === 0 || this.lines > 1000 + 2 * remaining.length) this.rewrite(remaining);
    else {
      appendFileSync(this.path, `{"d":${n}}\n`);
      this.lines++;
    }
  }

  /** Replaces the log with exactly `remaining`, atomically (write aside, then rename). */
  rewrite(remaining: readonly DeviceReading[]): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, remaining.map((r) => `{"r":${JSON.stringify(r)}}\n`).join(""));
    renameSync(tmp, this.path);
    this.lines = remaining.length;
  }
}
