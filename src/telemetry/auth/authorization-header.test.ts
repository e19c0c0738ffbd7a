import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMimicError } from "../../errors/index.js";
import { parseBearerToken } from "./authorization-header.js";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJycDEifQ.c2lnbmF0dXJl";

function codeOf(header: string | string[] | undefined): string {
  try {
    parseBearerToken(header);
    return "ok";
  } catch (error) {
    return isMimicError(error) ? error.code : "crash";
  }
}

describe("parseBearerToken", () => {
  it("takes the token after Bearer, scheme in any case", () => {
    expect(parseBearerToken(`Bearer ${JWT}`)).toBe(JWT);
    expect(parseBearerToken(`bearer ${JWT}`)).toBe(JWT);
  });

  it.each([
    [undefined, "AUTH_MISSING"],
    ["", "AUTH_MISSING"],
    ["Bearer", "AUTH_MALFORMED"],
    ["Bearer ", "AUTH_MALFORMED"],
    [JWT, "AUTH_MALFORMED"],
    [`Basic ${JWT}`, "AUTH_MALFORMED"],
    ["Bearer not-a-jwt", "AUTH_MALFORMED"],
    [`Bearer ${JWT}.extra`, "AUTH_MALFORMED"],
    [["Bearer a.b.c", "Bearer a.b.c"], "AUTH_MALFORMED"],
    [`Bearer ${"a".repeat(5000)}.b.c`, "AUTH_MALFORMED"],
  ])("refuses %j with %s", (header, code) => {
    expect(codeOf(header)).toBe(code);
  });

  it("never throws anything but a 401 MimicError, and never echoes the header", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 })), (header) => {
        try {
          parseBearerToken(header);
        } catch (error) {
          if (!isMimicError(error)) throw error;
          expect(error.status).toBe(401);
          if (typeof header === "string" && header.length > 8) expect(error.message).not.toContain(header);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
