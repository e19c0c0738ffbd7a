// Per-device authentication: JWTs with a pinned algorithm, stored only as hashes, revocable.
export { Authenticator, type AuthContext, type AuthenticatorOptions } from "./authenticator.js";
export { parseBearerToken, MAX_AUTHORIZATION_LENGTH } from "./authorization-header.js";
export { addDevice, MAX_OVERLAP_MS, MAX_TOKEN_LIFETIME_MS, revokeDevice, rotateDevice, type DeviceWithToken } from "./device-admin.js";
export { hashTokenId, issueDeviceToken, verifyDeviceToken, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER, type IssuedToken, type VerifiedToken } from "./tokens.js";
export { loadOrCreateTokenSecret, parseTokenSecret, SECRET_FILE_NAME } from "./token-secret.js";
export { ReadAuthenticator, type ReadAuthenticatorOptions } from "./read-authenticator.js";
export { issueReadToken, verifyAnyToken, READ_TOKEN_AUDIENCE, type IssuedReadToken, type VerifiedAnyToken } from "./read-tokens.js";
export { addReadToken, type ReadTokenWithSecret } from "./read-token-admin.js";
