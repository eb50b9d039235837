import { secretBox, type SecretBox } from '../adapters/postgres/secret-box.ts';
import type { PostgresStores } from '../adapters/postgres/postgres-stores.ts';
import type { OnceStore } from '../adapters/slack/once-store.ts';
import { createSlackApp, type SlackBot } from '../adapters/slack/slack-app.ts';
import { SlackPlatform, UPLOAD_REUSE_MS, type OrgWorkspace } from '../adapters/slack/slack-platform.ts';
import { firstWorkspace, singleWorkspace, type WorkspaceDirectory } from '../adapters/slack/workspaces.ts';
import type { ChartRenderer, ReportReader } from '../app/ports.ts';
import { PromiseCache } from '../app/promise-cache.ts';
import { renderReplyCharts, type RenderedChart } from '../app/render-reply-charts.ts';
import type { Logger } from './logger.ts';

export interface SlackOptions {
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
}

/** The Slack bot (answers commands) and the Slack platform (posts proactively), on the same stores and renderer. */
export interface SlackChat {
  bot: SlackBot;
  platform: SlackPlatform;
  /** stored installations' encryption; null in single-workspace mode */
  box: SecretBox | null;
  options: SlackOptions;
}

export function buildSlackChat(options: SlackOptions, deps: { stores: PostgresStores; reader: ReportReader; renderer: ChartRenderer; now: () => Date; log: Logger; serverUrl: string | null }): SlackChat {
  const { stores, reader, renderer, now, log } = deps;
  const box = options.encryptionKey ? secretBox(options.encryptionKey) : null;
  const directories: WorkspaceDirectory[] = [];
  if (box) {
    directories.push({
      find: async (teamId) => {
        const found = await stores.slackInstallations.find(box, teamId);
        return found && { orgId: found.orgId, botToken: found.botToken, botUserId: found.botUserId, botId: found.botId };
      },
    });
  }
  const single = options.single;
  if (single) directories.push(singleWorkspace(single.botToken, single.orgId));
  const onError = (error: unknown) => log.error({ err: error }, 'slack');
  const bot = createSlackApp({
    signingSecret: options.signingSecret,
    apiUrl: options.apiUrl,
    workspaces: firstWorkspace(...directories),
    viewers: (orgId) => stores.chatViewers.list('slack', orgId),
    reader,
    renderer,
    once: options.once,
    now,
    appToken: options.appToken ?? null,
    onError,
    digests: stores.digests,
    alerts: stores.alerts,
    nudges: { store: stores.nudges, serverUrl: deps.serverUrl },
    forgetWorkspace: box
      ? async (teamId) => {
          await stores.slackInstallations.delete(teamId);
        }
      : undefined,
  });
  const workspaces = async (orgId: string): Promise<OrgWorkspace[]> => [
    ...(box ? await stores.slackInstallations.ofOrg(box, orgId) : []),
    ...(single && single.orgId === orgId ? [{ teamId: 'configured', teamName: null, botToken: single.botToken }] : []),
  ];
  // a chart drawn from the same data is drawn once and uploaded once per workspace while it is fresh (digests to many channels)
  const drawn = new PromiseCache<RenderedChart>(UPLOAD_REUSE_MS, 500);
  const charts = (answer: Parameters<typeof renderReplyCharts>[2]) =>
    renderReplyCharts(reader, renderer, answer, now(), drawn).catch((error: unknown) => {
      onError(error);
      return [];
    });
  return { bot, platform: new SlackPlatform({ apiUrl: options.apiUrl, workspaces, charts }), box, options };
}
