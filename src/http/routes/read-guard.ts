import type { FastifyReply, FastifyRequest } from "fastify";
import type { ReadAuthenticator } from "../../telemetry/auth/index.js";
import type { ReadScope } from "../../telemetry/index.js";
import { authorizationOf } from "./authorization-of.js";

/** Who may read: a read authenticator, or `open` when the operator said `--no-read-auth`. */
export type ReadAccess = ReadAuthenticator | "open";

/** The cookie the dashboard URL's token is exchanged for (see `registerSessionRoute`). */
export const READ_COOKIE = "mimic_read";

/** The value of one cookie in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * An onRequest hook that lets a request read `need` only with a credential: `Authorization:
 * Bearer <read token>`, or else the cookie set by the dashboard URL. The body is never read first.
 */
export function readGuard(access: ReadAccess, need: ReadScope) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    if (access === "open") {
      done();
      return;
    }
    const header = authorizationOf(request);
    const cookie = header === undefined ? cookieValue(request.headers.cookie, READ_COOKIE) : undefined;
    const decided = cookie === undefined ? access.authorize(header, need) : access.authorizeToken(cookie, need);
    decided.then(
      () => done(),
      (error: unknown) => done(error as Error),
    );
  };
}
