// One POST over node:http(s) with a keep-alive agent (many devices share one pool of sockets) and a
// hard deadline for the whole exchange.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export interface PostResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A network-level failure (no HTTP status): refused, reset, DNS, timeout. */
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "NetworkError";
  }
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** A shared connection pool: `maxSockets` bounds concurrent requests to one server. */
export function createAgent(url: URL, maxSockets: number): HttpAgent {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  return url.protocol === "https:" ? new HttpsAgent(options) : new HttpAgent(options);
}

export function post(url: URL, body: Uint8Array, headers: Record<string, string>, agent: HttpAgent, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, { method: "POST", agent, headers: { ...headers, "content-length": String(body.byteLength) } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(c);
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (e) => {
        clearTimeout(timer);
        reject(new NetworkError("ECONNRESET", e.message));
      });
    });
    // The deadline starts when a socket is assigned: waiting for a free socket in the shared pool
    // is the client's own queue, not the server's slowness.
    let timer: NodeJS.Timeout | undefined;
    req.once("socket", () => {
      timer = setTimeout(() => req.destroy(new NetworkError("ETIMEDOUT", `no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e instanceof NetworkError ? e : new NetworkError(e.code ?? "ENETWORK", e.message));
    });
    req.end(body);
  });
}
