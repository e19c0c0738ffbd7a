import { describe, expect, it } from "vitest";
import { dht, light, pir } from "../test-support/readings-fixture.js";
import { packGroups, transferables, unpackGroups } from "./packed-readings.js";

describe("packed readings", () => {
  it("round-trips groups of every kind exactly, keeping group boundaries", () => {
    const groups = [
      [dht("rp1", 1_557_585_090.476025, 17.1, 68.1), pir("rp1", 1_557_585_091, true)],
      [],
      [light("rp2", 1_557_585_092, false), dht("r\tp\n2", -1.5, -40, 0, "id with ünicode ✓")],
    ];
    const packed = packGroups(groups);
    expect(packed.dict).toEqual(["rp1", "DHT22", "Onyehn_PIR", "rp2", "Anmbest_MD46N", "r\tp\n2"]);
    expect(unpackGroups(structuredClone(packed))).toEqual(groups);
  });

  it("moves its numeric columns as transferable buffers", () => {
    const packed = packGroups([[dht("a", 1, 2, 3)]]);
    const buffers = transferables(packed);
    expect(buffers).toHaveLength(7);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(packed, buffers);
    expect(packed.timestamp.byteLength).toBe(0); // moved, not copied
    port1.close();
    port2.close();
  });
});
