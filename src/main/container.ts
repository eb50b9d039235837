import { randomBytes } from 'node:crypto';
import { VegaChartRenderer } from '../adapters/charts/vega-renderer.ts';
import type { Db } from '../adapters/postgres/database.ts';
import type { CursorSyncQueue } from '../adapters/queue/cursor-queue.ts';
import { postgresStores, type PostgresStores } from '../adapters/postgres/postgres-stores.ts';
import type { TeamsApp } from '../adapters/teams/teams-app.ts';
import type { ChartRenderer, ChatPlatform, ReportReader, RollupRequester } from '../app/ports.ts';
import { signedChartLinks } from '../http/chart-links.ts';
import type { ChartLinkSettings } from '../http/routes/chart-routes.ts';
import { buildCursorModule, type CursorModule, type CursorOptions } from './cursor-sync-module.ts';
import type { Logger } from './logger.ts';
import { buildSlackChat, type SlackChat, type SlackOptions } from './slack-chat.ts';
import { buildTeamsChat, type TeamsOptions } from './teams-chat.ts';

export interface ContainerInput {
  db: Db;
  log: Logger;
  now?: () => Date;
  /** told about every org that got new events; null without a queue (tests that need no rollups) */
  rollups?: RollupRequester | null;
  /** default: the Vega renderer with the shipped fonts */
  chartRenderer?: ChartRenderer;
  /** chart link signing (src/config.ts chartUrlSecret); a null secret means a random key per process */
  chartLinks?: { secret: Buffer | null; publicUrl?: string | null; ttlSeconds?: number };
  /** SLACK_SIGNING_SECRET and the rest; absent: no Slack */
  slack?: SlackOptions | null;
  /** TEAMS_APP_ID or TEAMS_DEV and the rest; absent: no Teams */
  teams?: TeamsOptions | null;
  /** ENCRYPTION_KEY and CURSOR_API_URL; absent: no Cursor sync (the /api/v1/cursor routes answer 503) */
  cursor?: CursorOptions | null;
  /** enqueues Cursor syncs (POST /api/v1/cursor/sync); null without a queue */
  cursorQueue?: CursorSyncQueue | null;
}

/** Every port, built once: the HTTP app and the workers both take what they need from here. */
export interface Container {
  stores: PostgresStores;
  reader: ReportReader;
  renderer: ChartRenderer;
  chartLinks: ChartLinkSettings;
  rollups: RollupRequester | null;
  slack: SlackChat | null;
  teams: TeamsApp | null;
  /** the configured chat platforms, for proactive messages (digests, alerts, nudges) */
  platforms: ChatPlatform[];
  cursor: CursorModule | null;
  cursorQueue: CursorSyncQueue | null;
  now: () => Date;
  log: Logger;
}

/** The composition root: adapters wired into ports from settings, with no HTTP server involved. */
export function buildContainer(input: ContainerInput): Container {
  const { db, log } = input;
  const now = input.now ?? (() => new Date());
  const stores = postgresStores(db);
  const reader = stores.reports;
  const renderer = input.chartRenderer ?? new VegaChartRenderer();
  const links = input.chartLinks;
  if (!links?.secret) log.warn({}, 'No CHART_URL_SECRET or ENCRYPTION_KEY: chart links are signed with a random key and stop working on restart.');
  const chartLinks: ChartLinkSettings = { secret: links?.secret ?? randomBytes(32), publicUrl: links?.publicUrl ?? null, ttlSeconds: links?.ttlSeconds ?? 3600 };
  const slack = input.slack ? buildSlackChat(input.slack, { stores, reader, renderer, now, log, serverUrl: input.chartLinks?.publicUrl ?? null }) : null;
  const teams = input.teams ? buildTeamsChat(input.teams, { stores, reader, links: signedChartLinks(chartLinks, now), now, log }) : null;
  const platforms: ChatPlatform[] = [...(slack ? [slack.platform] : []), ...(teams ? [teams.platform] : [])];
  const rollups = input.rollups ?? null;
  const cursor = input.cursor ? buildCursorModule(input.cursor, { db, stores, rollups, now }) : null;
  return { stores, reader, renderer, chartLinks, rollups, slack, teams, platforms, cursor, cursorQueue: input.cursorQueue ?? null, now, log };
}
