/** Talks to the Uptake server: JSON requests with a bearer key, retried with exponential backoff. */

export class UptakeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  endpoint: string;
  apiKey: string;
  /** attempts after the first; default 5 */
  retries?: number;
  /** first backoff in ms, doubled each time (with jitter); default 500 */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** told before each retry */
  onRetry?: (attempt: number, delayMs: number, why: string) => void;
}

/** Rate limits and short outages are worth waiting for; a bad request, key or size never gets better. */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export function joinUrl(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}${path}`;
}

export class UptakeClient {
  constructor(private readonly options: ClientOptions) {}

  async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const { retries = 5, baseDelayMs = 500, maxDelayMs = 30_000, timeoutMs = 30_000 } = this.options;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      let why: string;
      let waitMs: number | null = null;
      try {
        const res = await fetch(joinUrl(this.options.endpoint, path), {
          method,
          headers: { authorization: `Bearer ${this.options.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        if (res.ok) return (text ? JSON.parse(text) : {}) as T;
        const message = errorMessage(res.status, text);
        if (!RETRY_STATUS.has(res.status)) throw new UptakeHttpError(res.status, message);
        why = message;
        waitMs = retryAfterMs(res.headers.get('retry-after'));
      } catch (error) {
        if (error instanceof UptakeHttpError) throw error;
        why = `cannot reach ${this.options.endpoint}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`;
      }
      if (attempt >= retries) throw new UptakeHttpError(0, why);
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2);
      const delay = Math.min(maxDelayMs, waitMs ?? backoff);
      this.options.onRetry?.(attempt + 1, delay, why);
      await sleep(delay);
    }
  }
}

function errorMessage(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string; message?: string };
    return `HTTP ${status}: ${body.error ?? body.message ?? text}`;
  } catch {
    return `HTTP ${status}: ${text.slice(0, 200)}`;
  }
}
