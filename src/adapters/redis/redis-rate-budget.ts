import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { windowMargin, type CallBudget, type CallBudgets } from '../cursor/call-budget.ts';

// A sliding-window log per (Cursor team, endpoint) in a Redis sorted set, shared by every process that calls
// Cursor: each call is a member scored with the instant it counts from (Redis's clock, so processes on different
// hosts agree). A call in flight is scored `inFlightMs` ahead, so it counts until its answer is back (then it is
// re-scored with that instant: the server saw it at or before then) or, if its process died, until it times out.
// Admission is one Lua script: drop members older than the window, admit when fewer than `limit` remain.

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, span, inflight = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + inflight, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], span + inflight)
  return 0
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(first[2]) + span - now)
`;

const ANSWERED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 0
`;

export interface RedisBudgetOptions {
  /** key prefix (tests use their own) */
  prefix?: string;
  /** how long a call may stay in flight before it stops counting (the client's request timeout) */
  inFlightMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class RedisRateBudget implements CallBudget {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly span: number;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly inFlightMs: number,
  ) {
    this.span = windowMs + windowMargin(windowMs);
  }

  /** Calls of this process queue in order; across processes the script decides. */
  take(): Promise<() => void> {
    const turn = this.tail.then(() => this.admit());
    this.tail = turn.catch(() => {});
    return turn;
  }

  private async admit(): Promise<() => void> {
    const member = randomUUID();
    // a full window frees when its oldest call ages out, or earlier when a call in flight is answered: look again
    // at least every 1/20 window
    const poll = Math.max(5, Math.round(this.windowMs / 20));
    for (;;) {
      const wait = Number(await this.redis.eval(TAKE, 1, this.key, this.limit, this.span, this.inFlightMs, member));
      if (wait === 0) break;
      await sleep(Math.min(wait, poll));
    }
    return () => {
      this.redis.eval(ANSWERED, 1, this.key, member, this.span + this.inFlightMs).catch(() => {});
    };
  }
}

/** Budgets shared through Redis by every process, keyed by a hash of the admin key (the limits are per team). */
export function redisRateBudgets(redis: Redis, options: RedisBudgetOptions = {}): CallBudgets {
  const prefix = options.prefix ?? 'uptake:cursor:rate:';
  return (apiKey, endpoint, limit, windowMs) => {
    const team = createHash('sha256').update(apiKey).digest('hex').slice(0, 32);
    return new RedisRateBudget(redis, `${prefix}${team}:${endpoint}`, limit, windowMs, options.inFlightMs ?? 60_000);
  };
}
