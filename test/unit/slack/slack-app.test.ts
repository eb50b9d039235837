import { describe, expect, it } from 'vitest';
import { memoryOnceStore } from '../../../src/adapters/slack/once-store.ts';
import { createSlackApp, type SlackAppOptions } from '../../../src/adapters/slack/slack-app.ts';
import { SlackHttpReceiver } from '../../../src/adapters/slack/slack-receiver.ts';

const options: SlackAppOptions = {
  signingSecret: 'secret',
  apiUrl: 'http://127.0.0.1:9/api/',
  workspaces: { find: async () => null },
  viewers: async () => [],
  reader: {} as never,
  renderer: {} as never,
  once: memoryOnceStore(),
};

describe('createSlackApp', () => {
  it('serves HTTP through its own receiver, or Socket Mode with an app token (no receiver, nothing connects until start)', () => {
    expect(createSlackApp(options).receiver).toBeInstanceOf(SlackHttpReceiver);
    expect(createSlackApp({ ...options, appToken: 'xapp-1-A-1-x' }).receiver).toBeNull();
  });

  it('answers 401 to an unsigned request before Bolt sees it', async () => {
    const { receiver } = createSlackApp(options);
    const res = await receiver!.handle('command=%2Fai-adoption', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(401);
  });
});
