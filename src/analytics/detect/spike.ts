// Spike: one reading far from the rolling median of the readings before it, in units of their
// median absolute deviation (robust z), with the sensor's resolution as the floor of the MAD so a
// flat room cannot make every 0.1 step a "spike", nor a window that happened to be calm make
// ordinary noise one: the scale is also at least the device's long-run noise (a slow average of
// absolute deviations from the median, × 1.25, which is σ for normal noise). A reading is judged when the next one arrives:
// it is a spike only if the next reading is back near the median (a lasting change of level —
// after a gap, a thermostat step or a reset — is not a spike).

/** Options of the spike test on one field. */
export interface SpikeOptions {
  /** Readings in the rolling median (default 15). */
  window: number;
  /** Robust z a reading must pass (default 12). */
  z: number;
  /** The sensor's resolution: the MAD never counts as smaller (DHT22: 0.1). */
  resolution: number;
}

export const DEFAULT_SPIKE: SpikeOptions = { window: 15, z: 12, resolution: 0.1 };

import { MedianWindow } from "./median-window.js";

/** What the spike test says of the reading it held back. */
export interface SpikeVerdict {
  index: number;
  value: number;
  median: number;
  z: number;
}

/** The spike test on one field of one device. */
export class SpikeTest {
  private readonly win: MedianWindow;
  private readonly minDeviation: number;
  private readonly minHistory: number;
  private held = false;
  private heldIndex = 0;
  private heldValue = 0;
  private heldMedian = 0;
  private heldZ = 0;
  private heldThreshold = 0;
  /** Slow average of |x − median|: the device's usual noise. */
  private noise = Number.NaN;

  constructor(private readonly o: SpikeOptions = DEFAULT_SPIKE) {
    this.win = new MedianWindow(o.window);
    this.minDeviation = o.z * 1.4826 * o.resolution;
    this.minHistory = Math.ceil(o.window / 2);
  }

  /** The rolling median (NaN before any value). */
  median(): number {
    return this.win.count === 0 ? Number.NaN : this.win.median();
  }

  /**
   * Takes reading `index` and returns the verdict on the reading held back before it when that
   * one was a spike (undefined otherwise).
   */
  push(index: number, x: number): SpikeVerdict | undefined {
    let verdict: SpikeVerdict | undefined;
    const win = this.win;
    if (this.held) {
      this.held = false;
      if (Math.abs(x - this.heldMedian) < this.heldThreshold / 2) {
        verdict = { index: this.heldIndex, value: this.heldValue, median: this.heldMedian, z: this.heldZ };
      } else win.push(this.heldValue); // the level moved: the held reading was real
    }
    if (win.count < this.minHistory) {
      win.push(x);
      return verdict;
    }
    const med = win.median();
    const dev = Math.abs(x - med);
    const noiseScale = 1.25 * this.noise || 0;
    // The scale is at least the long-run noise, so z can pass the bound only if dev / noise does:
    // the window's MAD is wanted only then (a jumpy series is far from its median on most readings).
    if (dev > this.minDeviation && dev / noiseScale > this.o.z) {
      const scale = Math.max(1.4826 * Math.max(win.mad(med), this.o.resolution), noiseScale);
      const z = dev / scale;
      if (z > this.o.z) {
        this.held = true;
        this.heldIndex = index;
        this.heldValue = x;
        this.heldMedian = med;
        this.heldZ = z;
        this.heldThreshold = this.o.z * scale;
        return verdict;
      }
    }
    this.noise = Number.isNaN(this.noise) ? dev : this.noise + (dev - this.noise) / 512;
    win.push(x);
    return verdict;
  }

  /** Forgets the window (after a long gap the room may have moved on). */
  reset(): void {
    this.win.clear();
    this.held = false;
  }
}
