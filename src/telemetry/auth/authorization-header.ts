import { MimicError } from "../../errors/index.js";

/** Longest Authorization header accepted; a device JWT is ~300 bytes. */
export const MAX_AUTHORIZATION_LENGTH = 4096;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Extracts the JWT from `Authorization: Bearer <token>` (scheme case-insensitive, as RFC 6750).
 * Anything else is a 401 with AUTH_MISSING or AUTH_MALFORMED — never an exception of another
 * kind, whatever the bytes (the seed crashed into a 500 here). Messages never quote the header.
 *
 * @example
 * parseBearerToken("Bearer eyJhbGciOi...a.b"); // "eyJhbGciOi...a.b"
 */
export function parseBearerToken(header: string | readonly string[] | undefined): string {
  if (header === undefined || header === "") {
    throw new MimicError(
      "AUTH_MISSING",
      "The Authorization header is missing; send `Authorization: Bearer <token>` with the token `mimic devices add` printed.",
    );
  }
  if (typeof header !== "string") {
    throw new MimicError("AUTH_MALFORMED", "Send exactly one Authorization header.");
  }
  if (header.length > MAX_AUTHORIZATION_LENGTH) {
    throw new MimicError("AUTH_MALFORMED", `The Authorization header is longer than ${MAX_AUTHORIZATION_LENGTH} characters; send \`Bearer <token>\`.`);
  }
  const space = header.indexOf(" ");
  const scheme = space < 0 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== "bearer") {
    throw new MimicError("AUTH_MALFORMED", "The Authorization header must use the Bearer scheme: `Authorization: Bearer <token>`.");
  }
  const token = header.slice(space + 1).trim();
  if (space < 0 || !JWT_SHAPE.test(token)) {
    throw new MimicError(
      "AUTH_MALFORMED",
      "The bearer token is not a JWT (three base64url parts separated by dots); send the token `mimic devices add` printed.",
    );
  }
  return token;
}
