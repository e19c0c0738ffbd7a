import { describe, expect, it } from "vitest";
import { DeviceRejections, OTHER_DEVICES } from "./device-rejections.js";

describe("DeviceRejections", () => {
  it("counts per device and reason, and past the bound puts new devices under one shared label", () => {
    const tally = new DeviceRejections(2);
    tally.count("a", "INGEST_RATE_LIMITED");
    tally.count("a", "INGEST_RATE_LIMITED");
    tally.count("b", "AUTH_DEVICE_MISMATCH");
    tally.count("c", "INGEST_RATE_LIMITED");
    tally.count("d", "INGEST_RATE_LIMITED");
    // A device already counted keeps its own entry after the bound is reached.
    tally.count("a", "INGEST_INVALID");
    expect(tally.of("a")).toEqual({ INGEST_RATE_LIMITED: 2, INGEST_INVALID: 1 });
    expect(tally.of("c")).toEqual({});
    expect([...tally.entries()]).toEqual([
      { device: "a", reason: "INGEST_RATE_LIMITED", count: 2 },
      { device: "a", reason: "INGEST_INVALID", count: 1 },
      { device: "b", reason: "AUTH_DEVICE_MISMATCH", count: 1 },
      { device: OTHER_DEVICES, reason: "INGEST_RATE_LIMITED", count: 2 },
    ]);
  });
});
