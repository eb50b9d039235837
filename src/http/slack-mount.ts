import type { FastifyInstance } from 'fastify';
import { hkdfSync } from 'node:crypto';
import type { SecretBox } from '../adapters/postgres/secret-box.ts';
import type { SlackInstallation } from '../adapters/postgres/slack-installation-store.ts';
import type { SlackBot } from '../adapters/slack/slack-app.ts';
import type { SlackPlatform } from '../adapters/slack/slack-platform.ts';
import type { KeyLookup } from './auth.ts';
import { slackInstallRoutes } from './routes/slack-install-routes.ts';
import { slackRoutes } from './slack-plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** resolves when the Slack listeners' work in flight is done (tests, shutdown) */
    slackIdle: () => Promise<void>;
    /** Slack as a chat platform for proactive messages; absent when Slack is not configured */
    slackPlatform?: SlackPlatform;
  }
}

/** What the composition root built for Slack (src/main/slack-chat.ts). */
export interface SlackChatParts {
  bot: SlackBot;
  platform: SlackPlatform;
  box: SecretBox | null;
  options: { apiUrl: string; encryptionKey: Buffer | null; oauth?: { clientId: string; clientSecret: string } | null };
}

export interface SlackMountOptions {
  /** public base URL for the OAuth redirect; default the request's origin */
  publicUrl: string | null;
  lookupKey: KeyLookup;
  now: () => Date;
  save: (box: SecretBox, install: SlackInstallation) => Promise<void>;
}

/** Mounts the Slack bot: POST /slack/events (or Socket Mode), and the OAuth install routes when configured. */
export async function mountSlack(app: FastifyInstance, slack: SlackChatParts, options: SlackMountOptions): Promise<void> {
  const { bot, box } = slack;
  const { oauth, encryptionKey, apiUrl } = slack.options;
  if (oauth && box && encryptionKey) {
    await app.register(slackInstallRoutes, {
      oauth: { ...oauth, apiUrl },
      stateSecret: Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'uptake slack install state v1', 32)),
      publicUrl: options.publicUrl,
      lookupKey: options.lookupKey,
      now: options.now,
      save: (orgId, grant) => options.save(box, { orgId, ...grant, botId: null }),
    });
  }
  app.decorate('slackPlatform', slack.platform);
  const { receiver } = bot;
  app.decorate('slackIdle', async () => receiver?.idle());
  if (receiver) {
    await app.register(slackRoutes, { receiver });
    app.addHook('onClose', async () => receiver.stop());
  } else {
    app.addHook('onReady', async () => {
      await bot.app.start();
    });
    app.addHook('onClose', async () => {
      await bot.app.stop();
    });
  }
}
