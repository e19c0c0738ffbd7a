import { MimicError } from "../errors/index.js";
import { assertSecretSource, openRegistryContext } from "../server/index.js";
import { addReadToken } from "../telemetry/auth/index.js";
import { READ_TOKEN_NAME } from "../telemetry/index.js";
import type { Command } from "./command.js";
import { parseFlags, stringFlag } from "./internal/flags.js";
import { actionOf, expiresFlag, isoOrNever, registryLocation } from "./internal/registry-command.js";
import { textTable } from "./internal/text-table.js";

const HELP = `Usage: mimic tokens <add|list|revoke> [options]

Manage read tokens: who may read readings (GET /v1/readings) and metrics (GET /metrics). Device
tokens (\`mimic devices\`) only send; they cannot read. Works on the same data dir / store as
\`mimic serve\`, also while it runs: a revocation takes effect on every server within 5 seconds.

  mimic tokens add --read [--name grafana] [--expires 90d]
      Issues a read token (readings and /metrics) and prints it ONCE on stdout (only a hash is
      kept). Send it as "Authorization: Bearer <token>".
  mimic tokens add --metrics [--name prometheus]
      A token that reads /metrics only, for a Prometheus scraper (its authorization credentials).
  mimic tokens list [--json]
  mimic tokens revoke <name>

Options:
  --name <name>      1–64 letters, digits or . _ : @ - (default read-<random> / metrics-<random>)
  --expires <dur>    token lifetime such as 30d, 12h (at most 36500d); default: no expiry
  --data-dir <dir>   data directory (default ./mimic-data; env MIMIC_DATA_DIR): the store and the
                     token signing secret; list and revoke need an existing store
  --store <url>      postgres://… (env MIMIC_STORE); add then also needs --data-dir or
                     MIMIC_TOKEN_SECRET, the same as \`mimic serve\`
  --json             list as JSON

mimic query reads the store directly (it needs file or database access, not a token).

Examples:
  READ=$(mimic tokens add --read --name grafana)
  curl -H "Authorization: Bearer $READ" "http://127.0.0.1:8080/v1/readings?from=$(( $(date +%s) - 3600 ))"
  mimic tokens revoke grafana
`;

function status(t: { revokedAt: number | null; expiresAt: number | null }, now: number): string {
  if (t.revokedAt !== null && t.revokedAt <= now) return "revoked";
  if (t.expiresAt !== null && t.expiresAt <= now) return "expired";
  return "active";
}

/** `mimic tokens`: read tokens (add, list, revoke). */
export const tokensCommand: Command = {
  name: "tokens",
  summary: "Issue, list or revoke read tokens (who may query readings and metrics)",
  help: HELP,
  async run(argv, io) {
    const flags = parseFlags(
      argv,
      {
        "data-dir": { type: "string" },
        store: { type: "string" },
        name: { type: "string" },
        expires: { type: "string" },
        read: { type: "boolean" },
        metrics: { type: "boolean" },
        json: { type: "boolean" },
      },
      "tokens",
    );
    const [action, name, ...extra] = flags.positionals;
    actionOf("tokens", ["add", "list", "revoke"], action);
    if (action === "revoke" && name === undefined)
      throw new MimicError("CLI_MISSING_ARGUMENT", "mimic tokens revoke needs a token name; see `mimic tokens list`.");
    if ((action === "revoke" ? extra.length : name === undefined ? 0 : 1) > 0)
      throw new MimicError("CLI_BAD_FLAG", `Unexpected argument "${action === "revoke" ? extra[0] : name}"; use --name for the token's name.`);
    let scope: "read" | "metrics" | undefined;
    if (action === "add") {
      const read = flags.values["read"] === true;
      const metrics = flags.values["metrics"] === true;
      if (read === metrics) throw new MimicError("CLI_BAD_FLAG", "Say what the token may read: --read (readings and /metrics) or --metrics (/metrics only).");
      scope = read ? "read" : "metrics";
    }
    const tokenName = stringFlag(flags, "name");
    if (tokenName !== undefined && !READ_TOKEN_NAME.test(tokenName))
      throw new MimicError("CLI_BAD_FLAG", "--name must be 1–64 letters, digits or . _ : @ - starting with a letter or digit, e.g. --name grafana.");
    const expiresInMs = expiresFlag(flags);
    const location = registryLocation(flags, io, "tokens");
    if (action === "add") assertSecretSource(location);
    const context = await openRegistryContext(location, action === "add" ? "create" : "existing");
    const { registry } = context;
    try {
      const now = Date.now();
      if (action === "add") {
        const added = await addReadToken(registry, context.secret(), {
          scope: scope!,
          now,
          ...(tokenName === undefined ? {} : { name: tokenName }),
          ...(expiresInMs === undefined ? {} : { expiresInMs }),
        });
        io.stdout.write(added.token + "\n");
        io.stderr.write(
          `mimic: read token "${added.record.name}" (${scope === "read" ? "readings and /metrics" : "/metrics only"}); expires ${isoOrNever(added.record.expiresAt)}. It is shown only this once: send it as "Authorization: Bearer <token>".\n`,
        );
      } else if (action === "revoke") {
        await registry.revokeReadToken(name!, now);
        io.stderr.write(`mimic: revoked read token "${name}"; running servers refuse it within 5 seconds.\n`);
      } else {
        const tokens = await registry.listReadTokens();
        if (flags.values["json"] === true) {
          io.stdout.write(
            JSON.stringify(
              tokens.map((t) => ({
                name: t.name,
                scope: t.scope,
                status: status(t, now),
                issuedAt: isoOrNever(t.issuedAt),
                expiresAt: isoOrNever(t.expiresAt),
                revokedAt: isoOrNever(t.revokedAt),
              })),
              null,
              2,
            ) + "\n",
          );
        } else {
          const rows = [
            ["NAME", "SCOPE", "STATUS", "ISSUED", "EXPIRES"],
            ...tokens.map((t) => [t.name, t.scope, status(t, now), isoOrNever(t.issuedAt), isoOrNever(t.expiresAt)]),
          ];
          io.stdout.write(textTable(rows));
          if (tokens.length === 0) io.stderr.write("mimic: no read tokens yet; add one with `mimic tokens add --read`.\n");
        }
      }
    } finally {
      await context.close();
    }
    return 0;
  },
};

export default tokensCommand;
