import { parse as parseQuery } from 'node:querystring';
import { isValidSlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { deliveryKey } from './delivery-key.ts';
import type { OnceStore } from './once-store.ts';

export interface SlackHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ReceiverOptions {
  signingSecret: string;
  once: OnceStore;
  now?: () => Date;
  /** Slack gives up after 3 s; answer 200 before then even if no listener acknowledged */
  ackTimeoutMs?: number;
  /** how long a delivery key is remembered */
  dedupSeconds?: number;
  onError?: (error: unknown) => void;
}

type Headers = Record<string, string | string[] | undefined>;

/** Slack's replay window, both ways: Bolt's check refuses only timestamps too far in the past. */
const MAX_CLOCK_SKEW_SECONDS = 300;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const reply = (status: number, body: unknown = ''): SlackHttpResponse =>
  typeof body === 'string'
    ? { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body }
    : { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const form = parseQuery(raw) as Record<string, unknown>;
    return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
  }
  return JSON.parse(raw) as Record<string, unknown>;
}

/**
 * A Bolt receiver for any HTTP server: `handle` checks Slack's signature (a timestamp within 5 minutes of now, past or future), answers URL
 * verification and SSL checks, drops deliveries it has already seen (Slack's retries), and hands the rest to Bolt,
 * answering the HTTP request as soon as a listener calls `ack()`. Listeners go on with slow work after that.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: ReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  /** Waits for the listeners' work in flight (shutdown, tests). */
  async stop(): Promise<void> {
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async handle(raw: string, headers: Headers): Promise<SlackHttpResponse> {
    const now = (this.options.now ?? (() => new Date()))();
    const signature = header(headers, 'x-slack-signature');
    const timestamp = Number(header(headers, 'x-slack-request-timestamp'));
    const valid =
      signature !== undefined &&
      Number.isFinite(timestamp) &&
      timestamp <= now.getTime() / 1000 + MAX_CLOCK_SKEW_SECONDS &&
      isValidSlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: now.getTime(),
      });
    if (!valid) return reply(401, { error: 'invalid or stale Slack signature' });

    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, header(headers, 'content-type'));
    } catch {
      return reply(400, { error: 'unreadable body' });
    }
    if (body.ssl_check === '1') return reply(200);
    if (body.type === 'url_verification') return reply(200, { challenge: body.challenge });

    // A retry of a delivery we already took is acknowledged and dropped; one whose first attempt never reached us
    // (a claim that succeeds) is processed. If the store is down we process rather than lose the command.
    const key = deliveryKey(body, raw);
    const claimed = await this.options.once.claim(key, this.options.dedupSeconds ?? 3600).catch((error: unknown) => {
      this.options.onError?.(error);
      return true;
    });
    if (!claimed) return { ...reply(200), headers: { ...reply(200).headers, 'x-slack-no-retry': '1' } };
    return this.dispatch(body, headers, key);
  }

  private dispatch(body: Record<string, unknown>, headers: Headers, key: string): Promise<SlackHttpResponse> {
    const app = this.app;
    if (!app) return Promise.resolve(reply(503, { error: 'Slack app not ready' }));
    return new Promise((resolve) => {
      let answered = false;
      const answer = (response: SlackHttpResponse) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        resolve(response);
      };
      const timer = setTimeout(() => answer(reply(200)), this.options.ackTimeoutMs ?? 2500);
      const retryNum = header(headers, 'x-slack-retry-num');
      const event: ReceiverEvent = {
        body,
        retryNum: retryNum === undefined ? undefined : Number.parseInt(retryNum, 10),
        retryReason: header(headers, 'x-slack-retry-reason'),
        ack: async (response?: unknown) => {
          answer(response === undefined || response === '' ? reply(200) : reply(200, response));
        },
      };
      const work = app
        .processEvent(event)
        .catch(async (error: unknown) => {
          this.options.onError?.(error);
          if (answered) return;
          // Not acknowledged: Slack will retry, and the retry must not be dropped as already seen.
          await this.options.once.release(key).catch((releaseError: unknown) => this.options.onError?.(releaseError));
          answer(reply(500, { error: 'the Slack event failed' }));
        })
        .finally(() => {
          this.pending.delete(work);
          answer(reply(200));
        });
      this.pending.add(work);
    });
  }
}
