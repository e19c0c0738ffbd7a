import { describe, expect, it } from "vitest";
import { ENV_NAMES } from "../server/index.js";
import { serveCommand } from "./serve.js";

describe("mimic serve --help", () => {
  it("documents every setting serve reads, with its environment variable", () => {
    for (const [flag, env] of Object.entries(ENV_NAMES)) {
      expect(serveCommand.help, flag).toContain(`--${flag} `);
      expect(serveCommand.help, env).toContain(env);
    }
  });
});
