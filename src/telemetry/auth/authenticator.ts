import { MimicError } from "../../errors/index.js";
import type { Device, DeviceToken } from "../domain/device.js";
import type { SensorKind } from "../../sensors/reading.js";
import type { DeviceRegistry } from "../ports.js";
import { parseBearerToken } from "./authorization-header.js";
import { verifyDeviceToken, type VerifiedToken } from "./tokens.js";
import { SERVER_DEFAULTS } from "../defaults.js";

/** Who a request comes from, once its token passed every check. */
export interface AuthContext {
  deviceId: string;
  /** The kinds of sensor registered on the device: its readings must be of these. */
  sensors: readonly SensorKind[];
}

export interface AuthenticatorOptions {
  /**
   * How long a registry answer (token record, device status) is reused, ms. Revocation by another
   * process reaches this one within this time; default 2,000, at most 5,000 (the documented bound).
   */
  registryTtlMs?: number;
  /**
   * While the registry cannot be read, how old (ms since the registry said so) a cached answer
   * may be and still be used; default 15 minutes (`SERVER_DEFAULTS.authStaleLimitMs`).
   */
  staleLimitMs?: number;
  /** Verified-signature cache size (tokens are immutable; expiry is rechecked on each use). */
  maxCachedTokens?: number;
  now?: () => number;
}

interface Cached<T> {
  value: T;
  /** When the registry gave this answer. */
  at: number;
  until: number;
}

/**
 * Authenticates ingest requests: parses the header, verifies the JWT (cached per token string),
 * then checks the token record and the device in the registry (cached for `registryTtlMs`, so
 * a revocation anywhere on the shared store takes effect here within that time). While the
 * registry cannot be read, answers it gave within `staleLimitMs` stand in for it: a device seen
 * recently keeps sending through a store outage (the bus keeps its readings); a token not seen
 * recently gets 503 INGEST_UNAVAILABLE, never a 401 the registry did not decide.
 *
 * @example
 * const auth = new Authenticator(store, secret);
 * const { deviceId } = await auth.authenticate(request.headers.authorization);
 */
export class Authenticator {
  readonly #registry: DeviceRegistry;
  readonly #secret: Uint8Array;
  readonly #ttl: number;
  readonly #staleLimit: number;
  readonly #maxTokens: number;
  /** Until then the registry is taken as unreachable (it failed just before): the cache answers. */
  #registryDownUntil = 0;
  readonly #now: () => number;
  readonly #verified = new Map<string, VerifiedToken>();
  readonly #tokens = new Map<string, Cached<DeviceToken | undefined>>();
  readonly #devices = new Map<string, Cached<Device | undefined>>();

  constructor(registry: DeviceRegistry, secret: Uint8Array, options: AuthenticatorOptions = {}) {
    this.#registry = registry;
    this.#secret = secret;
    this.#ttl = Math.min(Math.max(options.registryTtlMs ?? SERVER_DEFAULTS.authCacheTtlMs, 0), SERVER_DEFAULTS.authCacheTtlMsLimit);
    this.#staleLimit = options.staleLimitMs ?? SERVER_DEFAULTS.authStaleLimitMs;
    this.#maxTokens = options.maxCachedTokens ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  async authenticate(header: string | readonly string[] | undefined): Promise<AuthContext> {
    const cached = this.authenticateCached(header);
    if (cached !== undefined) return cached;
    const token = parseBearerToken(header);
    const now = this.#now();
    let verified = this.#verified.get(token);
    if (verified === undefined) {
      verified = await verifyDeviceToken(this.#secret, token, now);
      // Bounded: drop the oldest entry (Map keeps insertion order).
      if (this.#verified.size >= this.#maxTokens) this.#verified.delete(this.#verified.keys().next().value!);
      this.#verified.set(token, verified);
    }
    const { tokenHash, deviceId } = verified;
    this.#checkExpiry(verified, now);
    const record = await this.#cached(this.#tokens, tokenHash, now, () => this.#registry.findToken(tokenHash));
    this.#checkRecord(verified, record, now);
    const device = await this.#cached(this.#devices, deviceId, now, () => this.#registry.getDevice(deviceId));
    return this.#checkDevice(device);
  }

  /**
   * The same decision as `authenticate`, synchronously, when the token was verified before and
   * both registry answers are still fresh (the common case: a device sending again within the
   * TTL); undefined when something must be loaded first. Throws the same refusals.
   */
  authenticateCached(header: string | readonly string[] | undefined): AuthContext | undefined {
    const token = parseBearerToken(header);
    const verified = this.#verified.get(token);
    if (verified === undefined) return undefined;
    const now = this.#now();
    const record = this.#tokens.get(verified.tokenHash);
    const device = this.#devices.get(verified.deviceId);
    if (record === undefined || record.until <= now || device === undefined || device.until <= now) return undefined;
    this.#checkExpiry(verified, now);
    this.#checkRecord(verified, record.value, now);
    return this.#checkDevice(device.value);
  }

  #checkExpiry(verified: VerifiedToken, now: number): void {
    if (verified.expiresAt !== null && verified.expiresAt <= now) {
      throw new MimicError("AUTH_EXPIRED", "The token has expired; issue a new one with `mimic devices rotate <id>`.");
    }
  }

  #checkRecord(verified: VerifiedToken, record: DeviceToken | undefined, now: number): void {
    // A token id the registry never held is not a revoked token: it was issued for another
    // store (or forged with a leaked secret), so it is reported as invalid, not revoked.
    if (record === undefined || record.deviceId !== verified.deviceId) {
      throw new MimicError(
        "AUTH_INVALID",
        "The token is not in this server's device registry (issued for another data dir or store); use a token `mimic devices add` or `rotate` printed for this one.",
      );
    }
    if (record.revokedAt !== null && record.revokedAt <= now) {
      throw new MimicError("AUTH_REVOKED", "The token was revoked or replaced by a newer one; use the device's current token.");
    }
    if (record.expiresAt !== null && record.expiresAt <= now) {
      throw new MimicError("AUTH_EXPIRED", "The token has expired; issue a new one with `mimic devices rotate <id>`.");
    }
  }

  #checkDevice(device: Device | undefined): AuthContext {
    if (device === undefined || device.status === "revoked") {
      throw new MimicError("AUTH_REVOKED", "The device was revoked; register it again with `mimic devices add`.");
    }
    if (device.status === "disabled") {
      throw new MimicError(
        "AUTH_DEVICE_DISABLED",
        `Device ${device.id} is disabled in the registry (mimic never disables a device itself: its status was set in the store directly); set it back to active there, or register another device with \`mimic devices add\`.`,
      );
    }
    return { deviceId: device.id, sensors: device.sensors };
  }

  /** Forgets registry answers (after a local revoke, so it applies at once in this process). */
  invalidate(): void {
    this.#tokens.clear();
    this.#devices.clear();
  }

  async #cached<T>(map: Map<string, Cached<T>>, key: string, now: number, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit !== undefined && hit.until > now) return hit.value;
    const stale = this.#usableWhileDown(hit, now);
    if (stale !== undefined && now < this.#registryDownUntil) return stale.value;
    let value: T;
    try {
      value = await load();
      this.#registryDownUntil = 0;
    } catch (cause) {
      // One failed read stands for the next registryRetryMs: requests meanwhile do not each wait
      // for a connection attempt.
      this.#registryDownUntil = now + SERVER_DEFAULTS.registryRetryMs;
      if (stale !== undefined) return stale.value;
      throw new MimicError("INGEST_UNAVAILABLE", "The device registry cannot be read right now; retry shortly.", { cause, retryAfterMs: 1000 });
    }
    map.delete(key);
    if (map.size >= this.#maxTokens) map.delete(map.keys().next().value!);
    map.set(key, { value, at: now, until: now + this.#ttl });
    return value;
  }

  /**
   * A cached answer usable while the registry is down: one the registry gave within the staleness
   * limit, and not "unknown" (a token the registry did not know then may have been added since,
   * so it gets 503, not 401).
   */
  #usableWhileDown<T>(hit: Cached<T> | undefined, now: number): Cached<T> | undefined {
    return hit !== undefined && hit.value !== undefined && now - hit.at <= this.#staleLimit ? hit : undefined;
  }
}
