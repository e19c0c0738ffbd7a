import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { MimicError } from "../../errors/index.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

/** Where `npm run build` puts the bundled page (scripts/build-dashboard.mjs): dist/dashboard/. */
export const BUNDLED_DASHBOARD_DIR = fileURLToPath(new URL("../../dashboard/", import.meta.url));

/**
 * The page's own files only: no inline script or style, no other origin, no framing, no forms.
 * The page talks to this server alone (`connect-src 'self'`: the API and the live feed).
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * `GET /dashboard/` and its files: the bundled page, read once at start and served from memory
 * (a fixed set of names, so no path from a request ever reaches the file system). Needs a read
 * credential like the API it calls; the session cookie is SameSite=Strict and every route the page
 * uses is a GET that changes nothing, so another site can neither read nor change anything.
 */
export function registerDashboardRoute(app: FastifyInstance, deps: { readAccess: ReadAccess; dir?: string }): void {
  const files = loadFiles(deps.dir ?? BUNDLED_DASHBOARD_DIR);
  const guard = readGuard(deps.readAccess, "read");
  app.get("/dashboard", (_request, reply) => reply.code(308).header("location", "/dashboard/").send());
  // What the page may draw beyond the fixed API, so it never asks a route that is not there (a
  // 404 would be a console error). Decided per request: routes are registered after this one.
  app.get("/dashboard/features.json", { onRequest: guard }, (_request, reply) =>
    reply.header("cache-control", "no-store").send({ alarms: app.hasRoute({ method: "GET", url: "/v1/alarms" }) }),
  );
  app.get("/dashboard/*", { onRequest: guard }, (request, reply) => {
    const name = (request.params as { "*": string })["*"] || "index.html";
    const file = files.get(name);
    if (file === undefined) {
      const hint = files.size === 0 ? " The dashboard is not built: run `npm run build`." : "";
      throw new MimicError("INGEST_NOT_FOUND", `No dashboard file ${JSON.stringify(name.slice(0, 100))}.${hint}`);
    }
    return reply
      .header("content-type", file.type)
      .header("content-security-policy", DASHBOARD_CSP)
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "no-referrer")
      .header("x-frame-options", "DENY")
      .header("cross-origin-opener-policy", "same-origin")
      .header("cross-origin-resource-policy", "same-origin")
      .header("cache-control", "no-cache")
      .send(file.bytes);
  });
}

function loadFiles(dir: string): Map<string, { bytes: Buffer; type: string }> {
  const files = new Map<string, { bytes: Buffer; type: string }>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const type = TYPES[extname(entry.name)];
    if (entry.isFile() && type !== undefined) files.set(entry.name, { bytes: readFileSync(join(dir, entry.name)), type });
  }
  return files;
}
