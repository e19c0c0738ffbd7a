// The chaos suite's load: devices posting single readings in a loop, each reading with its own
// timestamp, recording every one the server acknowledged (201) and every status seen. A refused
// or failed reading is resent (same body, so the same id) like a real device would. A 503 without
// `Retry-After` is counted as its own status.
export interface LoadResult {
  requests: number;
  acknowledged: Map<string, Set<number>>;
  statuses: Map<string, number>;
}

export interface Load {
  /** Timestamp (performance.now) of the first 201 after `since`, resolved when it comes. */
  firstAckAfter(since: number): Promise<number>;
  acknowledgedCount(): number;
  /** A copy of what was acknowledged so far (device → timestamps). */
  acknowledgedSoFar(): Map<string, Set<number>>;
  /** How many answers with this status (or error code) the load has seen so far. */
  seen(status: string): number;
  stop(): Promise<LoadResult>;
}

/** A week ago (epoch seconds): well inside the server's retention window, and never ahead of now. */
const BASE = Math.floor(Date.now() / 1000) - 7 * 86_400;
/** A recovery slower than this is a failure to report, not something to wait for forever. */
const RECOVERY_LIMIT_MS = 60_000;

/** Loads not stopped yet: a scenario that fails half-way leaves its load to `stopEveryLoad`. */
const running = new Set<Load>();

/** Stops every load still running (after a scenario, whatever happened to it). */
export async function stopEveryLoad(): Promise<void> {
  await Promise.all([...running].map((l) => l.stop()));
}

/** Starts `perDevice` concurrent senders for each device against the URL `target()` returns. */
export function startLoad(target: () => string, devices: ReadonlyMap<string, string>, perDevice = 2): Load {
  const acknowledged = new Map<string, Set<number>>();
  const statuses = new Map<string, number>();
  const acks: number[] = [];
  let requests = 0;
  let sending = true;
  let seq = 0;
  const waiters: { since: number; resolve: (t: number) => void }[] = [];
  const note = (status: string) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const loops = [...devices].flatMap(([device, token]) =>
    Array.from({ length: perDevice }, async () => {
      acknowledged.set(device, acknowledged.get(device) ?? new Set());
      let ts: number | undefined;
      while (sending) {
        ts ??= BASE + seq++ / 1000;
        requests++;
        try {
          const res = await fetch(`${target()}/v1/telemetry`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ device, type: "DHT22", timestamp: ts, data: { temperature: 20, humidity: 40 } }),
            signal: AbortSignal.timeout(15_000),
          });
          await res.arrayBuffer();
          // A refusal a client cannot time its retry by is a defect of its own: counted apart.
          note(res.status === 503 && res.headers.get("retry-after") === null ? "503 without Retry-After" : String(res.status));
          if (res.status === 201) {
            acknowledged.get(device)!.add(ts);
            const now = performance.now();
            acks.push(now);
            for (const w of waiters.splice(0)) if (now >= w.since) w.resolve(now);
            ts = undefined;
          } else await new Promise((r) => setTimeout(r, 50));
        } catch (e) {
          note((e as { cause?: { code?: string } }).cause?.code ?? (e instanceof Error ? e.name : "error"));
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
  const load: Load = {
    firstAckAfter: (since) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no reading acknowledged within ${RECOVERY_LIMIT_MS / 1000} s after the fault; statuses seen: ${[...statuses].map(([k, v]) => `${k}×${v}`).join(" ")}`,
              ),
            ),
          RECOVERY_LIMIT_MS,
        );
        waiters.push({
          since,
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        });
      }),
    seen: (status) => statuses.get(status) ?? 0,
    acknowledgedSoFar: () => new Map([...acknowledged].map(([d, ts]) => [d, new Set(ts)])),
    acknowledgedCount: () => [...acknowledged.values()].reduce((n, s) => n + s.size, 0),
    async stop() {
      sending = false;
      await Promise.all(loops);
      running.delete(load);
      return { requests, acknowledged, statuses };
    },
  };
  running.add(load);
  return load;
}
