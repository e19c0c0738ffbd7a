import { describe, expect, it } from "vitest";
import { createRandom } from "../../../random/index.js";
import { idMaker, idShape } from "./id-shape.js";

const LOWER = "abcdefghijklmnopqrstuvwxyz";

describe("idShape / idMaker", () => {
  it("learns per-position alphabets and literals, and makes unique ids of that shape", () => {
    const rng = createRandom(5);
    const hex = "0123456789abcdef";
    const real = Array.from({ length: 400 }, (_, i) => `TX-${Array.from({ length: 12 }, () => hex[rng.int(0, 15)]).join("")}${i % 10}`);
    const positions = idShape(real);
    expect(positions.slice(0, 3)).toEqual(["T", "X", "-"]);
    expect(positions.slice(3, 15).every((a) => a === hex)).toBe(true);
    expect(positions[15]).toBe("0123456789");
    const maker = idMaker(positions);
    const made = Array.from({ length: 20_000 }, (_, row) => maker.make(row, rng));
    expect(new Set(made).size).toBe(made.length);
    for (const id of made) expect(id).toMatch(/^TX-[0-9a-f]{12}\d$/);
    // Many values keep each position's own characters (an hour's first digit is 0–2); a few are widened to their class.
    const times = Array.from({ length: 200 }, (_, i) => `${String(i % 24).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}`);
    expect(idShape(times).slice(0, 3)).toEqual(["012", "0123456789", ":"]);
    expect(idShape(["x1", "y2", "z3"])).toEqual([LOWER, "0123456789"]);
    // A small shape is still numbered through without repeats, up to its capacity.
    const small = idMaker(["ABC", "0123456789"]);
    expect(new Set(Array.from({ length: 30 }, (_, row) => small.make(row, rng))).size).toBe(30);
  });
});
