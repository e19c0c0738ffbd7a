import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./codes/index.js";
import { renderErrorsDoc } from "./errors-doc.js";
import { MimicError } from "./mimic-error.js";

describe("error registry", () => {
  it("docs/errors.md is the rendering of the registry (run `npm run docs:errors` when this fails)", () => {
    expect(readFileSync("docs/errors.md", "utf8")).toBe(renderErrorsDoc());
  });

  it("every code has an HTTP status in the 4xx/5xx range and a description", () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(spec.status, code).toBeGreaterThanOrEqual(400);
      expect(spec.status, code).toBeLessThan(600);
      expect(spec.description.length, code).toBeGreaterThan(10);
    }
  });

  it("maps client errors to exit code 2 and keeps its cause", () => {
    const cause = new Error("disk");
    const err = new MimicError("IO_UNWRITABLE", "cannot write /x", { cause });
    expect(err.exitCode).toBe(2);
    expect(err.status).toBe(400);
    expect(err.cause).toBe(cause);
    expect(err.toJSON()).toEqual({ code: "IO_UNWRITABLE", message: "cannot write /x", issues: [] });
  });
});
