import { loremWords } from "../../../locales/index.js";
import type { KindBuilder } from "../env.js";
import { COMMON } from "../ids.js";
import { countRange } from "./words.js";

/** Lorem ipsum: sentences of pseudo-Latin words, each capitalised and ending with a full stop. */
export const lorem: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "words", "sentences", ...COMMON], "a lorem column");
  const words = countRange(o.words, [4, 10], 200);
  const sentences = countRange(o.sentences, [1, 1], 100);
  if (typeof words === "string") c.add(`${path}.words`, "invalid_value", `words ${words}, e.g. [4, 10]`);
  if (typeof sentences === "string") c.add(`${path}.sentences`, "invalid_value", `sentences ${sentences}, e.g. 3 or [1, 3]`);
  if (typeof words === "string" || typeof sentences === "string") return undefined;
  const between = (r: readonly [number, number], u: number): number => r[0] + Math.floor(u * (r[1] - r[0] + 1));
  return {
    shape: { type: "string" },
    generate(s) {
      const list = loremWords();
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) {
        let text = "";
        const count = between(sentences, s.rng.next());
        for (let k = 0; k < count; k++) {
          const n = between(words, s.rng.next());
          let sentence = "";
          for (let w = 0; w < n; w++) sentence += (w === 0 ? "" : " ") + list[Math.floor(s.rng.next() * list.length)]!;
          text += (k === 0 ? "" : " ") + sentence.charAt(0).toUpperCase() + sentence.slice(1) + ".";
        }
        out[i] = text;
      }
      return { values: out };
    },
  };
};
