import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MimicError } from "../../errors/index.js";
import { makeDirsSync } from "../../files/index.js";

/** File in the data dir holding the HS256 signing secret (base64url, mode 0600). */
export const SECRET_FILE_NAME = "token-secret";
const MIN_SECRET_BYTES = 32;

/** Decodes a configured secret (base64url or base64, ≥ 32 bytes). */
export function parseTokenSecret(text: string, source: string): Uint8Array {
  const bytes = Buffer.from(text.trim(), "base64url");
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new MimicError(
      "AUTH_SECRET_INVALID",
      `The token secret from ${source} must be at least ${MIN_SECRET_BYTES} bytes of base64url (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  return new Uint8Array(bytes);
}

/**
 * Loads the signing secret from `<dataDir>/token-secret`, creating it (32 random bytes, mode 0600)
 * on first use, so `mimic serve` and `mimic devices` on one data dir share it. Several ingest
 * processes on one PostgreSQL store share it through MIMIC_TOKEN_SECRET instead.
 */
export function loadOrCreateTokenSecret(dataDir: string): Uint8Array {
  const path = join(dataDir, SECRET_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR")
      throw new MimicError("IO_UNWRITABLE", `Cannot use the data dir ${dataDir}: it is a file, not a folder; choose another data dir.`, { cause: error });
    if (code !== "ENOENT") {
      throw new MimicError("IO_UNREADABLE", `Cannot read the token secret file ${path} (${code ?? "error"}); check its permissions.`, { cause: error });
    }
    try {
      makeDirsSync(dataDir);
    } catch (mkdirError) {
      throw new MimicError(
        "IO_UNWRITABLE",
        `Cannot create the data dir ${dataDir} (${(mkdirError as NodeJS.ErrnoException).code ?? "error"}); check its permissions or choose another data dir.`,
        { cause: mkdirError },
      );
    }
    text = randomBytes(MIN_SECRET_BYTES).toString("base64url");
    try {
      // "wx": two processes starting at once must not overwrite each other's secret.
      writeFileSync(path, text + "\n", { mode: 0o600, flag: "wx" });
      chmodSync(path, 0o600);
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new MimicError("IO_UNWRITABLE", `Cannot create the token secret file ${path}; check that the data dir is writable.`, { cause: writeError });
      }
      text = readFileSync(path, "utf8");
    }
  }
  return parseTokenSecret(text, path);
}
