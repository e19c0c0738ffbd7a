import { randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { MimicError } from "../../errors/index.js";
import type { ReadScope, ReadToken } from "../domain/read-token.js";
import { hashTokenId, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from "./tokens.js";

/** The audience of read tokens: a device token (audience `mimic-ingest`) is never one. */
export const READ_TOKEN_AUDIENCE = "mimic-read";

export interface IssuedReadToken {
  /** The JWT, shown once and never stored. */
  token: string;
  record: ReadToken;
}

/**
 * Signs a read token: `sub` = its name, `scope`, a random `jti` (only its hash is stored),
 * audience `mimic-read`, and `exp` when `expiresInMs` is given.
 *
 * @example
 * const { token, record } = await issueReadToken(secret, { name: "grafana", scope: "read", now: Date.now() });
 */
export async function issueReadToken(secret: Uint8Array, options: { name: string; scope: ReadScope; now: number; expiresInMs?: number }): Promise<IssuedReadToken> {
  const jti = randomBytes(16).toString("base64url");
  const issuedAtSeconds = Math.floor(options.now / 1000);
  const expiresAt = options.expiresInMs === undefined ? null : issuedAtSeconds * 1000 + options.expiresInMs;
  let jwt = new SignJWT({ scope: options.scope })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: "JWT" })
    .setSubject(options.name)
    .setJti(jti)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(READ_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAtSeconds);
  if (expiresAt !== null) jwt = jwt.setExpirationTime(Math.floor(expiresAt / 1000));
  const token = await jwt.sign(secret);
  return { token, record: { name: options.name, scope: options.scope, tokenHash: hashTokenId(jti), issuedAt: options.now, expiresAt, revokedAt: null } };
}

/** A token whose signature verified, with what it is for. */
export interface VerifiedAnyToken {
  /** `read` for read tokens, `ingest` for device tokens. */
  audience: "read" | "ingest";
  tokenHash: string;
  /** Epoch ms, or null for no expiry. */
  expiresAt: number | null;
}

/**
 * Verifies a token signed by this server, device or read (pinned algorithm, issuer, either
 * audience, `sub` and `jti` present). Throws AUTH_INVALID or AUTH_EXPIRED; never quotes the token.
 */
export async function verifyAnyToken(secret: Uint8Array, token: string, nowMs: number): Promise<VerifiedAnyToken> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: [READ_TOKEN_AUDIENCE, TOKEN_AUDIENCE],
      currentDate: new Date(nowMs),
      requiredClaims: ["sub", "jti"],
    });
    if (typeof payload.jti !== "string" || payload.jti === "") throw new MimicError("AUTH_INVALID", "The token lacks a token id (jti); issue a new one with `mimic tokens add --read`.");
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return {
      audience: audiences.includes(READ_TOKEN_AUDIENCE) ? "read" : "ingest",
      tokenHash: hashTokenId(payload.jti),
      expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : null,
    };
  } catch (error) {
    if (error instanceof MimicError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new MimicError("AUTH_EXPIRED", "The read token has expired; issue a new one with `mimic tokens add --read`.");
    throw new MimicError("AUTH_INVALID", "The token is not valid for this server (signature, algorithm, issuer or audience); use a read token `mimic tokens add --read` printed for this data dir, or the URL `mimic serve` printed.");
  }
}
