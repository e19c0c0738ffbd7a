import { createHash, randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { MimicError } from "../../errors/index.js";
import type { DeviceToken } from "../domain/device.js";

/** The one algorithm mimic signs and accepts: pinned, so `alg: none` or RS/HS confusion cannot pass. */
export const TOKEN_ALGORITHM = "HS256";
export const TOKEN_ISSUER = "mimic";
export const TOKEN_AUDIENCE = "mimic-ingest";

/** SHA-256 (hex) of a token id: what the registry stores instead of the token. */
export function hashTokenId(jti: string): string {
  return createHash("sha256").update(jti).digest("hex");
}

export interface IssuedToken {
  /** The JWT, shown to the user once and never stored. */
  token: string;
  record: DeviceToken;
}

/**
 * Signs a device token: `sub` = device id, a random `jti` (only its hash is stored), `iat`, and
 * `exp` when `expiresInMs` is given.
 *
 * @example
 * const { token, record } = await issueDeviceToken(secret, "rp829c7e0e", Date.now(), 90 * 86_400_000);
 */
export async function issueDeviceToken(secret: Uint8Array, deviceId: string, now: number, expiresInMs?: number): Promise<IssuedToken> {
  const jti = randomBytes(16).toString("base64url");
  const issuedAtSeconds = Math.floor(now / 1000);
  const expiresAt = expiresInMs === undefined ? null : issuedAtSeconds * 1000 + expiresInMs;
  let jwt = new SignJWT({})
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: "JWT" })
    .setSubject(deviceId)
    .setJti(jti)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(issuedAtSeconds);
  if (expiresAt !== null) jwt = jwt.setExpirationTime(Math.floor(expiresAt / 1000));
  const token = await jwt.sign(secret);
  return { token, record: { deviceId, tokenHash: hashTokenId(jti), issuedAt: now, expiresAt, revokedAt: null } };
}

/** Claims of a verified token that ingest relies on. */
export interface VerifiedToken {
  deviceId: string;
  tokenHash: string;
  /** Epoch ms, or null for no expiry. */
  expiresAt: number | null;
}

/**
 * Verifies signature, pinned algorithm, issuer and audience, and that `sub` and `jti` are present.
 * Expiry is checked by the caller against its clock (verified tokens are cached). Throws
 * AUTH_INVALID or AUTH_EXPIRED; messages never quote the token.
 */
export async function verifyDeviceToken(secret: Uint8Array, token: string, nowMs: number): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: new Date(nowMs),
      requiredClaims: ["sub", "jti"],
    });
    if (typeof payload.sub !== "string" || typeof payload.jti !== "string" || payload.sub === "" || payload.jti === "") {
      throw new MimicError("AUTH_INVALID", "The token lacks a device id (sub) or token id (jti); issue a new one with `mimic devices rotate <id>`.");
    }
    return { deviceId: payload.sub, tokenHash: hashTokenId(payload.jti), expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : null };
  } catch (error) {
    if (error instanceof MimicError) throw error;
    if (error instanceof joseErrors.JWTExpired) {
      throw new MimicError("AUTH_EXPIRED", "The token has expired; issue a new one with `mimic devices rotate <id>`.");
    }
    throw new MimicError(
      "AUTH_INVALID",
      "The token is not valid for this server (signature, algorithm, issuer or audience); use a token `mimic devices add` or `rotate` printed for this data dir.",
    );
  }
}
