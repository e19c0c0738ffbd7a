import type { SensorKind } from "../../sensors/reading.js";

export type DeviceStatus = "active" | "disabled" | "revoked";

/** A registered device. Its tokens are stored only as hashes. */
export interface Device {
  id: string;
  kind: SensorKind;
  status: DeviceStatus;
  createdAt: number; // epoch ms
  /** Revocation/disable time, epoch ms. */
  updatedAt: number;
}

/** One issued token, by the hash of its unique id (`jti`) — never the token itself. */
export interface DeviceToken {
  deviceId: string;
  /** SHA-256 (hex) of the token's `jti`; the raw token is shown once and never stored. */
  tokenHash: string;
  issuedAt: number; // epoch ms
  /** Epoch ms, or null for no expiry. */
  expiresAt: number | null;
  /** Epoch ms after which the token stops working (set on revoke, or on rotate to end the overlap). */
  revokedAt: number | null;
}
