import { createHmac } from 'node:crypto';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { memoryOnceStore } from '../../../src/adapters/slack/once-store.ts';
import { SlackHttpReceiver } from '../../../src/adapters/slack/slack-receiver.ts';

const SECRET = 'test-signing-secret';

function signed(body: string, retryNum?: number) {
  const ts = String(Math.floor(Date.now() / 1000));
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
