import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, UnsecuredJWT, decodeJwt } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { isMimicError } from "../../errors/index.js";
import { loadOrCreateTokenSecret } from "./token-secret.js";
import { hashTokenId, issueDeviceToken, verifyDeviceToken } from "./tokens.js";

const secret = new Uint8Array(randomBytes(32));
const NOW = Date.UTC(2026, 0, 1);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return isMimicError(error) ? error.code : "crash";
  }
}

describe("device tokens", () => {
  it("carry sub = device id and a jti that is stored only as its hash", async () => {
    const { token, record } = await issueDeviceToken(secret, "rp829c7e0e", NOW, 90 * 86_400_000);
    const claims = decodeJwt(token);
    expect(claims.sub).toBe("rp829c7e0e");
    expect(record.tokenHash).toBe(hashTokenId(claims.jti!));
    expect(JSON.stringify(record)).not.toContain(claims.jti!);
    expect(record.expiresAt).toBe(NOW + 90 * 86_400_000);
    const verified = await verifyDeviceToken(secret, token, NOW + 1000);
    expect(verified).toEqual({ deviceId: "rp829c7e0e", tokenHash: record.tokenHash, expiresAt: record.expiresAt });
  });

  it("expire", async () => {
    const { token } = await issueDeviceToken(secret, "rp1", NOW, 60_000);
    expect(await codeOf(verifyDeviceToken(secret, token, NOW + 61_000))).toBe("AUTH_EXPIRED");
  });

  it("refuse another secret, another algorithm and unsigned tokens", async () => {
    const { token } = await issueDeviceToken(new Uint8Array(randomBytes(32)), "rp1", NOW);
    expect(await codeOf(verifyDeviceToken(secret, token, NOW))).toBe("AUTH_INVALID");
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: "HS512" })
      .setSubject("rp1")
      .setJti("x")
      .setIssuer("mimic")
      .setAudience("mimic-ingest")
      .sign(secret);
    expect(await codeOf(verifyDeviceToken(secret, hs512, NOW))).toBe("AUTH_INVALID");
    const none = new UnsecuredJWT({}).setSubject("rp1").setJti("x").setIssuer("mimic").setAudience("mimic-ingest").encode();
    expect(await codeOf(verifyDeviceToken(secret, none, NOW))).toBe("AUTH_INVALID");
  });

  it("refuse tokens without jti (the seed's id/password tokens)", async () => {
    const seedStyle = await new SignJWT({ id: "x", password: "p" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("mimic")
      .setAudience("mimic-ingest")
      .sign(secret);
    expect(await codeOf(verifyDeviceToken(secret, seedStyle, NOW))).toBe("AUTH_INVALID");
  });
});

describe("token secret", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-secret-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is created once with mode 0600 and reused", () => {
    const first = loadOrCreateTokenSecret(dir);
    expect(first.length).toBe(32);
    expect(statSync(join(dir, "token-secret")).mode & 0o777).toBe(0o600);
    expect(loadOrCreateTokenSecret(dir)).toEqual(first);
  });
});
