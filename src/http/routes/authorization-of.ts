import type { FastifyRequest } from "fastify";

/**
 * The request's Authorization header as the client sent it. Node keeps only the first of several
 * Authorization headers, so a second one would pass unseen and the first would silently win;
 * the raw header list is counted instead, and several values are handed on as an array, which
 * `parseBearerToken` refuses (401 AUTH_MALFORMED, "send exactly one").
 */
export function authorizationOf(request: FastifyRequest): string | string[] | undefined {
  const raw = request.raw.rawHeaders;
  let values: string[] | undefined;
  let first: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== 13 || name.toLowerCase() !== "authorization") continue;
    if (first === undefined) first = raw[i + 1]!;
    else (values ??= [first]).push(raw[i + 1]!);
  }
  return values ?? first;
}
