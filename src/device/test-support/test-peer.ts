// A small real HTTP server that answers as the issue specifies (201, 4xx, 429/503 with
// Retry-After, hangs), scripted per test. A test peer for the client, not a mock of mimic serve:
// the end-to-end tests run the client against the real server.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
  at: number;
}

/** What to answer: a status with optional headers/body, or "hang" (never answer). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | "hang";

export class TestPeer {
  readonly received: Received[] = [];
  /** Replies used in order; when empty, `fallback` answers. */
  readonly script: Reply[] = [];
  fallback: Reply = { status: 201, body: '{"success":true}' };
  private server: Server | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks), at: performance.now() });
        const reply = this.script.shift() ?? this.fallback;
        if (reply === "hang") return;
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body ?? (reply.status < 300 ? '{"success":true}' : `{"success":false,"error":{"code":"TEST_${reply.status}","message":"scripted"}}`));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** The JSON readings received so far, flattened (arrays and single objects). */
  jsonReadings(): Record<string, unknown>[] {
    return this.received.flatMap((r) => {
      const v = JSON.parse(r.body.toString("utf8")) as Record<string, unknown> | Record<string, unknown>[];
      return Array.isArray(v) ? v : [v];
    });
  }
}
