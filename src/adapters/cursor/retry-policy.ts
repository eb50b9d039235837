/** How the Cursor client retries 429, 5xx and network failures. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** Exponential backoff with jitter (half fixed, half random), never shorter than a `Retry-After` the server sent. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterSeconds: number | null, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const backoff = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(backoff, retryAfterSeconds === null ? 0 : retryAfterSeconds * 1000);
}

/** `Retry-After` as seconds (a number or an HTTP date), or null. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, (at - nowMs) / 1000);
}
