// Checks shared by every store's read-token registry, so both refuse the same records the same way.
import { MimicError } from "../../../errors/index.js";
import { READ_TOKEN_NAME, type ReadToken } from "../../domain/read-token.js";

export function assertReadToken(token: ReadToken): void {
  const invalid = (m: string) => new MimicError("STORE_INVALID_DEVICE", m);
  if (typeof token.name !== "string" || !READ_TOKEN_NAME.test(token.name)) throw invalid("a read token's name must be 1–64 letters, digits or . _ : @ - starting with a letter or digit");
  if (token.scope !== "read" && token.scope !== "metrics") throw invalid("a read token's scope must be read or metrics");
  if (typeof token.tokenHash !== "string" || token.tokenHash.length === 0) throw invalid("a read token needs its hash");
}

export function readTokenNotFound(name: string): MimicError {
  return new MimicError("STORE_TOKEN_NOT_FOUND", `no read token is named "${name}"; run \`mimic tokens list\` to see the names`);
}

export function readTokenExists(name: string): MimicError {
  return new MimicError("STORE_TOKEN_EXISTS", `a read token named "${name}" (or with this hash) already exists; pick another --name`);
}
