import type { FastifyInstance } from 'fastify';
import { listViewers } from '../adapters/postgres/chat-viewer-store.ts';
import type { Db } from '../adapters/postgres/database.ts';
import { hkdfSync } from 'node:crypto';
import { secretBox } from '../adapters/postgres/secret-box.ts';
import { deleteInstallation, findInstallation, findInstallationsOfOrg, saveInstallation } from '../adapters/postgres/slack-installation-store.ts';
import { SlackPlatform, type OrgWorkspace } from '../adapters/slack/slack-platform.ts';
import { renderReplyCharts } from '../app/render-reply-charts.ts';
import type { OnceStore } from '../adapters/slack/once-store.ts';
import { createSlackApp } from '../adapters/slack/slack-app.ts';
import { firstWorkspace, singleWorkspace, type WorkspaceDirectory } from '../adapters/slack/workspaces.ts';
import type { ChartRenderer, ReportReader } from '../app/ports.ts';
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

export interface SlackMountOptions {
  signingSecret: string;
  apiUrl: string;
  /** single-workspace mode (SLACK_BOT_TOKEN + SLACK_ORG_ID) */
  single: { botToken: string; orgId: string } | null;
  /** decrypts stored OAuth installations; null: single-workspace only */
  encryptionKey: Buffer | null;
  once: OnceStore;
  appToken?: string | null;
  /** multi-workspace OAuth v2 install (needs encryptionKey) */
  oauth?: { clientId: string; clientSecret: string } | null;
  /** public base URL for the OAuth redirect; default the request's origin */
  publicUrl?: string | null;
  lookupKey?: KeyLookup;
}

/** Builds the Slack bot on the app's report reader and chart renderer, and mounts it (HTTP, or Socket Mode). */
export async function mountSlack(app: FastifyInstance, db: Db, reader: ReportReader, renderer: ChartRenderer, options: SlackMountOptions, now: () => Date): Promise<void> {
  const directories: WorkspaceDirectory[] = [];
  const box = options.encryptionKey ? secretBox(options.encryptionKey) : null;
  if (box) {
    directories.push({
      find: async (teamId) => {
        const found = await findInstallation(db, box, teamId);
        return found && { orgId: found.orgId, botToken: found.botToken, botUserId: found.botUserId, botId: found.botId };
      },
    });
  }
  if (options.single) directories.push(singleWorkspace(options.single.botToken, options.single.orgId));
  const bot = createSlackApp({
    signingSecret: options.signingSecret,
    apiUrl: options.apiUrl,
    workspaces: firstWorkspace(...directories),
    viewers: (orgId) => listViewers(db, orgId),
    reader,
    renderer,
    once: options.once,
    now,
    appToken: options.appToken ?? null,
    onError: (error) => app.log.error({ err: error }, 'slack'),
    forgetWorkspace: box
      ? async (teamId) => {
          await deleteInstallation(db, teamId);
        }
      : undefined,
  });
  if (options.oauth && box && options.encryptionKey && options.lookupKey) {
    const oauth = { ...options.oauth, apiUrl: options.apiUrl };
    await app.register(slackInstallRoutes, {
      oauth,
      stateSecret: Buffer.from(hkdfSync('sha256', options.encryptionKey, Buffer.alloc(0), 'uptake slack install state v1', 32)),
      publicUrl: options.publicUrl ?? null,
      lookupKey: options.lookupKey,
      now,
      save: (orgId, grant) => saveInstallation(db, box, { orgId, ...grant, botId: null }),
    });
  }
  const single = options.single;
  const workspacesOf = async (orgId: string): Promise<OrgWorkspace[]> => [
    ...(box ? await findInstallationsOfOrg(db, box, orgId) : []),
    ...(single && single.orgId === orgId ? [{ teamId: 'configured', teamName: null, botToken: single.botToken }] : []),
  ];
  const charts = (answer: Parameters<typeof renderReplyCharts>[2]) =>
    renderReplyCharts(reader, renderer, answer, now()).catch((error: unknown) => {
      app.log.error({ err: error }, 'slack charts');
      return [];
    });
  app.decorate('slackPlatform', new SlackPlatform({ apiUrl: options.apiUrl, workspaces: workspacesOf, charts }));
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
