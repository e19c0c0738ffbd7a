import { describe, expect, it } from "vitest";
import { encodedWords, TextBuilder } from "./text-builder.js";

describe("TextBuilder", () => {
  it("cuts the rows out of one buffer, with multi-byte and astral characters, growing as needed", () => {
    const words = encodedWords(["Müller", "Éléonore", "𝔘nicode", "Ñ"]);
    const text = new TextBuilder(4, 1); // a 64-byte start: rows must make it grow
    text.word(words[0]!).char(32).word(words[1]!).end();
    text.ascii("id-").int(0).int(42).int(123456789).end();
    text.end(); // an empty value
    for (let k = 0; k < 20; k++) text.word(words[2]!).word(words[3]!);
    text.end();
    expect(text.finish()).toEqual(["Müller Éléonore", "id-042123456789", "", "𝔘nicodeÑ".repeat(20)]);
  });

  it("encodes each list once", () => {
    const list = ["a", "b"];
    expect(encodedWords(list)).toBe(encodedWords(list));
    expect(encodedWords(list)[1]).toEqual({ bytes: new Uint8Array([98]), length: 1 });
  });

  it("refuses to finish before every row has ended", () => {
    const text = new TextBuilder(2);
    text.ascii("x").end();
    expect(() => text.finish()).toThrow(/ended 1 of 2 rows/);
  });
});
