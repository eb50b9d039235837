import { sleep } from './ports.ts';

/** What a load run sent and what the server answered. */
export interface LoadOutcome {
  /** the prefix of every request id this load sent */
  tag: string;
  /** events in requests that were sent (whatever the answer) */
  sent: number;
  /** the request ids of events in requests answered 2xx: the server promised to keep them */
  acknowledged: Set<string>;
  /** answers by status (0: no answer: connection refused or reset) */
  statuses: Map<number, number>;
  /** 503 answers that carried a Retry-After header */
  retryAfter503: number;
}

export interface Load {
  stop(): Promise<LoadOutcome>;
  /** the outcome so far */
  readonly outcome: LoadOutcome;
}

/**
 * `senders` clients, each posting batches of `batchSize` new `api_request` events to POST /api/v1/events in a loop
 * (a short pause after a failure), until stop(). Every event has its own request id, so stored rows can be
 * matched with acknowledged events one by one.
 */
export function startLoad(port: number, key: string, options: { senders?: number; batchSize?: number; tag?: string; day?: string } = {}): Load {
  const senders = options.senders ?? 4;
  const batchSize = options.batchSize ?? 50;
  const tag = options.tag ?? 'load';
  const day = options.day ?? new Date().toISOString().slice(0, 10);
  const outcome: LoadOutcome = { tag, sent: 0, acknowledged: new Set(), statuses: new Map(), retryAfter503: 0 };
  let running = true;
  const sender = async (s: number) => {
    for (let batch = 0; running; batch += 1) {
      const events = Array.from({ length: batchSize }, (_, i) => {
        const id = `${tag}-${s}-${batch}-${i}`;
        return {
          id, requestId: id, tool: 'claude-code', kind: 'api_request', email: `dev${s}@acme.example`, sessionId: `${tag}-${s}-${batch % 5}`,
          model: 'claude-sonnet-4-5', occurredAt: `${day}T${String((s * 3 + batch) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
          tokens: { input: 100 + i, output: 10, cacheRead: 0, cacheCreation: 0 },
        };
      });
      let status = 0;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        status = res.status;
        if (status === 503 && res.headers.get('retry-after')) outcome.retryAfter503 += 1;
      } catch {
        status = 0;
      }
      outcome.sent += events.length;
      outcome.statuses.set(status, (outcome.statuses.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) for (const e of events) outcome.acknowledged.add(e.requestId);
      else await sleep(100);
    }
  };
  const all = Promise.all(Array.from({ length: senders }, (_, s) => sender(s)));
  return {
    outcome,
    async stop() {
      running = false;
      await all;
      return outcome;
    },
  };
}

/** 2xx answers so far. */
export function okAnswers(outcome: LoadOutcome): number {
  return [...outcome.statuses].filter(([status]) => status >= 200 && status < 300).reduce((sum, [, n]) => sum + n, 0);
}
