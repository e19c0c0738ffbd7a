import type { FastifyInstance } from "fastify";
import { MimicError } from "../../errors/index.js";
import { responseSink, type LiveFeed } from "./live-feed.js";
import { deviceIssues, singleParams } from "./query-params.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

/** How often an idle stream gets a comment line, so proxies and browsers keep it open. */
const PING_MS = 15_000;

/**
 * `GET /v1/live[?device=<id>]`: server-sent events, a `batch` event (format version 3: the
 * readings as columns, see `LiveBatch` and docs/dashboard.md) with what was accepted in each
 * quarter second, sent once the readings are durable (see `LiveFeed`).
 * Needs a read credential. A client that stops reading is disconnected (see `LiveFeed`).
 */
export function registerLiveRoute(app: FastifyInstance, deps: { feed: LiveFeed; readAccess: ReadAccess }): void {
  const timer = setInterval(() => deps.feed.ping(), PING_MS);
  timer.unref();
  // Streams never end by themselves: close them when the server starts closing, or it would wait.
  app.addHook("preClose", (done) => {
    clearInterval(timer);
    deps.feed.closeAll();
    done();
  });
  app.get("/v1/live", { onRequest: readGuard(deps.readAccess, "read") }, (request, reply) => {
    const { device } = singleParams("/v1/live", request.query, ["device"]);
    const issues = deviceIssues(device, false);
    if (issues.length > 0) throw new MimicError("QUERY_INVALID", "/v1/live takes an optional device id.", { issues });
    void reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      // Tell proxies (nginx) not to hold events back.
      "x-accel-buffering": "no",
    });
    // The first line tells the client the stream is open (EventSource fires `open` on headers; a
    // plain client waits for bytes).
    res.write(": live\n\n");
    const unsubscribe = deps.feed.subscribe(device, responseSink(res));
    res.on("close", unsubscribe);
  });
}
