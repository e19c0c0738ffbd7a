// Rejected requests per device and reason, for /metrics and the dashboard's fleet table. Only
// requests whose token named a registered device are counted under its id (an unauthenticated
// request's claimed id is anyone's choice, so it must not become a label), and only the first
// `maxDevices` devices get their own entry: the rest share OTHER_DEVICES, so a Prometheus series
// never disappears (counters stay monotonic) and the label's cardinality has a documented bound.

/** The device label that devices past the bound share. */
export const OTHER_DEVICES = "_other";

export class DeviceRejections {
  readonly #maxDevices: number;
  readonly #byDevice = new Map<string, Map<string, number>>();

  constructor(maxDevices: number) {
    this.#maxDevices = maxDevices;
  }

  count(device: string, reason: string): void {
    const key = this.#byDevice.has(device) || this.#byDevice.size < this.#maxDevices ? device : OTHER_DEVICES;
    let reasons = this.#byDevice.get(key);
    if (reasons === undefined) this.#byDevice.set(key, (reasons = new Map<string, number>()));
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }

  /** Rejections of one device by reason (empty when none, or when it is counted under OTHER_DEVICES). */
  of(device: string): Record<string, number> {
    return Object.fromEntries(this.#byDevice.get(device) ?? []);
  }

  /** Every (device, reason, count). */
  *entries(): IterableIterator<{ device: string; reason: string; count: number }> {
    for (const [device, reasons] of this.#byDevice) for (const [reason, count] of reasons) yield { device, reason, count };
  }
}
