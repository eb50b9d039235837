import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { PostgresStores } from '../adapters/postgres/postgres-stores.ts';
import { MICROSOFT_SERVICE_URLS } from '../adapters/teams/service-urls.ts';
import { createTeamsApp, type TeamsApp } from '../adapters/teams/teams-app.ts';
import type { BotFrameworkEndpoints } from '../adapters/teams/teams-endpoint.ts';
import type { ChartLinks, ReportReader } from '../app/ports.ts';
import type { TeamsSettings } from '../config.ts';
import type { Logger } from './logger.ts';

/** The TEAMS_* settings, and for tests and benchmarks a local Bot Framework double. */
export interface TeamsOptions extends TeamsSettings {
  endpoints?: BotFrameworkEndpoints;
  credentials?: ServiceClientCredentialsFactory;
}

/** The Teams bot (answers activities at POST /api/messages) and the Teams platform (posts through stored references). */
export function buildTeamsChat(options: TeamsOptions, deps: { stores: PostgresStores; reader: ReportReader; links: ChartLinks; now: () => Date; log: Logger; serverUrl: string | null }): TeamsApp {
  const { stores, log } = deps;
  const fixedOrg = options.orgId;
  return createTeamsApp({
    ...options,
    serviceUrls: options.serviceUrls ?? MICROSOFT_SERVICE_URLS,
    book: stores.teamsConversations,
    tenants: async (tenantId) => fixedOrg ?? (await stores.orgOfTenant(tenantId)),
    viewers: stores.chatViewers,
    links: deps.links,
    nudges: { nudges: stores.nudges, reader: deps.reader, now: deps.now, serverUrl: deps.serverUrl },
    answering: { reader: deps.reader, now: deps.now, onError: (error) => log.error({ err: error }, 'teams'), digests: stores.digests, alerts: stores.alerts, nudges: stores.nudges },
    onRefused: (reason) => log.warn({}, `teams: activity refused (${reason})`),
  });
}
