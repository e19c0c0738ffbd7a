import type { FastifyInstance } from "fastify";
import { MimicError } from "../../errors/index.js";
import { READ_COOKIE, readGuard, type ReadAccess } from "./read-guard.js";

/**
 * `GET /`: where the URL `mimic serve` prints lands. `/?token=<read token>` checks the token, then
 * answers 303 to `/dashboard/` with the token in an HttpOnly, SameSite=Strict cookie: the token leaves the
 * address bar and history at once, is never readable by page scripts, and is never sent by
 * another site. Request logs name the route (`/`), never the URL, so the token is not logged.
 * `GET /` with the cookie (or a bearer token) lists where to read.
 */
export function registerSessionRoute(app: FastifyInstance, access: ReadAccess, secure: boolean): void {
  const guard = readGuard(access, "read");
  app.get("/", async (request, reply) => {
    const query = request.query as Record<string, string | string[] | undefined>;
    const names = Object.keys(query);
    if (names.length > 0) {
      const token = query["token"];
      if (names.length > 1 || typeof token !== "string") {
        throw new MimicError("QUERY_INVALID", "/ takes one parameter, token (once): open the URL `mimic serve` printed.", {
          issues: [{ code: "unknown_parameter", path: names.find((n) => n !== "token") ?? "token", message: "Only ?token= is known here." }],
        });
      }
      if (access !== "open") await access.authorizeToken(token, "read");
      void reply.header("set-cookie", `${READ_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`);
      void reply.header("cache-control", "no-store");
      void reply.header("referrer-policy", "no-referrer");
      return reply.code(303).header("location", "/dashboard/").send({ success: true });
    }
    await new Promise<void>((resolve, reject) => guard(request, reply, (error) => (error === undefined ? resolve() : reject(error))));
    void reply.header("cache-control", "no-store");
    return reply.send({
      success: true,
      readings: "/v1/readings?from=<time>[&device=<id>][&sensor=DHT22|PIR|LIGHT]",
      export: "/v1/export?from=<time>[&to=<time>][&device=<id>][&sensor=DHT22|PIR|LIGHT][&format=csv|parquet]",
      metrics: "/metrics",
      dashboard: "/dashboard/",
      docs: "docs/telemetry.md",
    });
  });
}
