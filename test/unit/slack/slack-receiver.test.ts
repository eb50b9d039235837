import { createHmac } from 'node:crypto';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { memoryOnceStore } from '../../../src/adapters/slack/once-store.ts';
import { SlackHttpReceiver } from '../../../src/adapters/slack/slack-receiver.ts';

const SECRET = 'test-signing-secret';

function signed(body: string, retryNum?: number, ts = String(Math.floor(Date.now() / 1000))) {
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': ts,
    'x-slack-signature': signature,
    ...(retryNum === undefined ? {} : { 'x-slack-retry-num': String(retryNum) }),
  };
}

/** A stand-in for Bolt's App with only what the receiver calls. */
function fakeApp(behaviour: (ack: (r?: unknown) => Promise<void>) => Promise<void>) {
  const calls: unknown[] = [];
  const app = {
    processEvent: async (event: { body: unknown; ack: (r?: unknown) => Promise<void> }) => {
      calls.push(event.body);
      await behaviour(event.ack);
    },
  };
  return { app: app as unknown as App, calls };
}

const body = 'command=%2Fai-adoption&text=usage&trigger_id=T1&response_url=http%3A%2F%2Flocalhost%2Fr';

describe('SlackHttpReceiver retries', () => {
  it('processes a retry when the first delivery failed before it was acknowledged', async () => {
    let attempt = 0;
    const { app, calls } = fakeApp(async (ack) => {
      attempt++;
      if (attempt === 1) throw new Error('database down');
      await ack();
    });
    const receiver = new SlackHttpReceiver({ signingSecret: SECRET, once: memoryOnceStore(), onError: () => {} });
    receiver.init(app);
    expect((await receiver.handle(body, signed(body))).status).toBe(500);
    expect((await receiver.handle(body, signed(body, 1))).status).toBe(200);
    await receiver.idle();
    expect(calls).toHaveLength(2);
  });

  it('drops a retry of a delivery that was acknowledged, even if the work after the ack failed', async () => {
    const { app, calls } = fakeApp(async (ack) => {
      await ack();
      throw new Error('chart upload failed');
    });
    const receiver = new SlackHttpReceiver({ signingSecret: SECRET, once: memoryOnceStore(), onError: () => {} });
    receiver.init(app);
    expect((await receiver.handle(body, signed(body))).status).toBe(200);
    await receiver.idle();
    expect((await receiver.handle(body, signed(body, 1))).status).toBe(200);
    await receiver.idle();
    expect(calls).toHaveLength(1);
  });
});

describe('SlackHttpReceiver timestamps (D9)', () => {
  const nowSec = Math.floor(Date.now() / 1000);
  const receiver = () => {
    const { app, calls } = fakeApp(async (ack) => ack());
    const r = new SlackHttpReceiver({ signingSecret: SECRET, once: memoryOnceStore(), onError: () => {} });
    r.init(app);
    return { r, calls };
  };

  it.each([
    ['a year ahead', 365 * 86_400, 401],
    ['an hour ahead', 3600, 401],
    ['6 minutes ahead', 360, 401],
    ['6 minutes old', -360, 401],
    ['now', 0, 200],
    ['4 minutes ahead (clock skew)', 240, 200],
    ['4 minutes old', -240, 200],
  ])('a correctly signed request stamped %s: %i (processed only when accepted)', async (_label, offset, expected) => {
    const { r, calls } = receiver();
    const res = await r.handle(body, signed(body, undefined, String(nowSec + offset)));
    expect(res.status).toBe(expected);
    await r.idle();
    expect(calls).toHaveLength(expected === 200 ? 1 : 0);
  });
});
