// Device registry on the same SQLite file as the readings. Every statement is a short
// transaction, so `mimic devices` in another process and the server interleave safely (WAL +
// busy_timeout); nothing is cached here, so a revocation is seen by the next lookup.
import type { Database, Statement } from "better-sqlite3";
import { MimicError } from "../../../errors/index.js";
import { formatSensors, type Device, type DeviceStatus, type DeviceToken } from "../../domain/device.js";
import { assertDevice, deviceNotFound as notFound, parseSensorsColumn } from "../internal/registry-checks.js";
import type { SensorKind } from "../../../sensors/reading.js";

interface DeviceRecord {
  id: string;
  sensors: string;
  status: string;
  created_at: number;
  updated_at: number;
}
interface TokenRecord {
  token_hash: string;
  device_id: string;
  issued_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

function toDevice(r: DeviceRecord): Device {
  return { id: r.id, sensors: parseSensorsColumn(r.sensors), status: r.status as DeviceStatus, createdAt: r.created_at, updatedAt: r.updated_at };
}
function toToken(r: TokenRecord): DeviceToken {
  return { deviceId: r.device_id, tokenHash: r.token_hash, issuedAt: r.issued_at, expiresAt: r.expires_at, revokedAt: r.revoked_at };
}

/** Synchronous registry operations over one connection; SqliteStore wraps them in promises. */
export class SqliteRegistry {
  readonly #db: Database;
  readonly #insertDevice: Statement;
  readonly #insertToken: Statement;
  readonly #getDevice: Statement<[string], DeviceRecord>;
  readonly #listDevices: Statement<[], DeviceRecord>;
  readonly #setStatus: Statement;
  readonly #setSensors: Statement;
  readonly #revoke: Statement;
  readonly #findToken: Statement<[string], TokenRecord>;

  constructor(db: Database) {
    this.#db = db;
    this.#insertDevice = db.prepare("INSERT OR IGNORE INTO devices (id, sensors, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
    this.#insertToken = db.prepare("INSERT OR IGNORE INTO device_tokens (token_hash, device_id, issued_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?)");
    this.#getDevice = db.prepare("SELECT * FROM devices WHERE id = ?");
    this.#listDevices = db.prepare("SELECT * FROM devices ORDER BY id");
    this.#setStatus = db.prepare("UPDATE devices SET status = ?, updated_at = ? WHERE id = ?");
    this.#setSensors = db.prepare("UPDATE devices SET sensors = ?, updated_at = ? WHERE id = ?");
    // A token already ending earlier keeps its earlier end: revoking never extends a token's life.
    this.#revoke = db.prepare(
      "UPDATE device_tokens SET revoked_at = @at WHERE device_id = @device AND (revoked_at IS NULL OR revoked_at > @at)" +
        " AND (@keep IS NULL OR token_hash <> @keep)",
    );
    this.#findToken = db.prepare("SELECT * FROM device_tokens WHERE token_hash = ?");
  }

  addDevice(device: Device, token: DeviceToken): void {
    assertDevice(device, token);
    this.#db
      .transaction(() => {
        const r = this.#insertDevice.run(device.id, formatSensors(device.sensors), device.status, device.createdAt, device.updatedAt);
        if (r.changes === 0) throw new MimicError("STORE_DEVICE_EXISTS", `device "${device.id}" is already registered; pick another id or rotate its token`);
        this.#insertTokenOnce(token);
      })
      .immediate();
  }

  addToken(token: DeviceToken): void {
    this.#db
      .transaction(() => {
        if (!this.#getDevice.get(token.deviceId)) throw notFound(token.deviceId);
        this.#insertTokenOnce(token);
      })
      .immediate();
  }

  #insertTokenOnce(t: DeviceToken): void {
    const r = this.#insertToken.run(t.tokenHash, t.deviceId, t.issuedAt, t.expiresAt, t.revokedAt);
    if (r.changes === 0) throw new MimicError("STORE_TOKEN_EXISTS", `a token with this hash is already registered for a device; issue a fresh token`);
  }

  getDevice(id: string): Device | undefined {
    const r = this.#getDevice.get(id);
    return r ? toDevice(r) : undefined;
  }

  listDevices(): Device[] {
    return this.#listDevices.all().map(toDevice);
  }

  setDeviceStatus(id: string, status: DeviceStatus, at: number): void {
    if (this.#setStatus.run(status, at, id).changes === 0) throw notFound(id);
  }

  setDeviceSensors(id: string, sensors: readonly SensorKind[], at: number): void {
    if (this.#setSensors.run(formatSensors(sensors), at, id).changes === 0) throw notFound(id);
  }

  revokeTokens(deviceId: string, at: number, keepHash?: string): void {
    this.#db
      .transaction(() => {
        if (!this.#getDevice.get(deviceId)) throw notFound(deviceId);
        this.#revoke.run({ at, device: deviceId, keep: keepHash ?? null });
      })
      .immediate();
  }

  findToken(tokenHash: string): DeviceToken | undefined {
    const r = this.#findToken.get(tokenHash);
    return r ? toToken(r) : undefined;
  }
}
