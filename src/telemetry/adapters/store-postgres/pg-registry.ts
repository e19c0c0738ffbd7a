// Device registry in PostgreSQL: shared by every ingest process and `mimic devices` on one database.
import type { Pool, PoolClient } from "pg";
import { MimicError } from "../../../errors/index.js";
import { formatSensors, type Device, type DeviceStatus, type DeviceToken } from "../../domain/device.js";
import { assertDevice, deviceNotFound, parseSensorsColumn } from "../internal/registry-checks.js";
import type { PgNames } from "./pg-schema.js";
import type { SensorKind } from "../../../sensors/reading.js";

interface DeviceRecord {
  id: string;
  sensors: string;
  status: string;
  created_at: string;
  updated_at: string;
}
interface TokenRecord {
  token_hash: string;
  device_id: string;
  issued_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));
function toDevice(r: DeviceRecord): Device {
  return {
    id: r.id,
    sensors: parseSensorsColumn(r.sensors),
    status: r.status as Device["status"],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
function toToken(r: TokenRecord): DeviceToken {
  return { deviceId: r.device_id, tokenHash: r.token_hash, issuedAt: Number(r.issued_at), expiresAt: num(r.expires_at), revokedAt: num(r.revoked_at) };
}

export class PgRegistry {
  readonly #pool: Pool;
  readonly #n: PgNames;
  readonly #tx: <T>(fn: (c: PoolClient) => Promise<T>) => Promise<T>;

  constructor(pool: Pool, names: PgNames, tx: <T>(fn: (c: PoolClient) => Promise<T>) => Promise<T>) {
    this.#pool = pool;
    this.#n = names;
    this.#tx = tx;
  }

  async addDevice(device: Device, token: DeviceToken): Promise<void> {
    assertDevice(device, token);
    await this.#tx(async (c) => {
      const r = await c.query(
        `INSERT INTO ${this.#n.devices} (id, sensors, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [device.id, formatSensors(device.sensors), device.status, device.createdAt, device.updatedAt],
      );
      if (r.rowCount === 0) throw new MimicError("STORE_DEVICE_EXISTS", `device "${device.id}" is already registered; pick another id or rotate its token`);
      await this.#insertToken(c, token);
    });
  }

  async addToken(token: DeviceToken): Promise<void> {
    await this.#tx(async (c) => {
      const d = await c.query(`SELECT 1 FROM ${this.#n.devices} WHERE id = $1 FOR SHARE`, [token.deviceId]);
      if (d.rowCount === 0) throw deviceNotFound(token.deviceId);
      await this.#insertToken(c, token);
    });
  }

  async #insertToken(c: PoolClient, t: DeviceToken): Promise<void> {
    const r = await c.query(
      `INSERT INTO ${this.#n.tokens} (token_hash, device_id, issued_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_hash) DO NOTHING`,
      [t.tokenHash, t.deviceId, t.issuedAt, t.expiresAt, t.revokedAt],
    );
    if (r.rowCount === 0) throw new MimicError("STORE_TOKEN_EXISTS", "a token with this hash is already registered for a device; issue a fresh token");
  }

  async getDevice(id: string): Promise<Device | undefined> {
    const r = await this.#pool.query<DeviceRecord>(`SELECT * FROM ${this.#n.devices} WHERE id = $1`, [id]);
    return r.rows[0] ? toDevice(r.rows[0]) : undefined;
  }

  async listDevices(): Promise<Device[]> {
    const r = await this.#pool.query<DeviceRecord>(`SELECT * FROM ${this.#n.devices} ORDER BY id COLLATE "C"`);
    return r.rows.map(toDevice);
  }

  async setDeviceStatus(id: string, status: DeviceStatus, at: number): Promise<void> {
    const r = await this.#pool.query(`UPDATE ${this.#n.devices} SET status = $1, updated_at = $2 WHERE id = $3`, [status, at, id]);
    if (r.rowCount === 0) throw deviceNotFound(id);
  }

  async setDeviceSensors(id: string, sensors: readonly SensorKind[], at: number): Promise<void> {
    const r = await this.#pool.query(`UPDATE ${this.#n.devices} SET sensors = $1, updated_at = $2 WHERE id = $3`, [formatSensors(sensors), at, id]);
    if (r.rowCount === 0) throw deviceNotFound(id);
  }

  async revokeTokens(deviceId: string, at: number, keepHash?: string): Promise<void> {
    await this.#tx(async (c) => {
      const d = await c.query(`SELECT 1 FROM ${this.#n.devices} WHERE id = $1`, [deviceId]);
      if (d.rowCount === 0) throw deviceNotFound(deviceId);
      // A token already ending earlier keeps its earlier end: revoking never extends a token's life.
      await c.query(
        `UPDATE ${this.#n.tokens} SET revoked_at = $1 WHERE device_id = $2 AND (revoked_at IS NULL OR revoked_at > $1)
        AND ($3::text IS NULL OR token_hash <> $3::text)`,
        [at, deviceId, keepHash ?? null],
      );
    });
  }

  async findToken(tokenHash: string): Promise<DeviceToken | undefined> {
    const r = await this.#pool.query<TokenRecord>(`SELECT * FROM ${this.#n.tokens} WHERE token_hash = $1`, [tokenHash]);
    return r.rows[0] ? toToken(r.rows[0]) : undefined;
  }
}
