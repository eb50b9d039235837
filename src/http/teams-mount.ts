import type { FastifyInstance } from 'fastify';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { listViewers } from '../adapters/postgres/chat-viewer-store.ts';
import type { Db } from '../adapters/postgres/database.ts';
import { findPersonalConversation, findTeamsConversation, forgetTeamsConversation, listTeamsConversations, saveTeamsConversation } from '../adapters/postgres/teams-conversation-store.ts';
import { orgOfTenant } from '../adapters/postgres/teams-tenant-store.ts';
import type { ConversationBook } from '../adapters/teams/conversation-book.ts';
import { MICROSOFT_SERVICE_URLS } from '../adapters/teams/service-urls.ts';
import { createTeamsApp, type TeamsApp } from '../adapters/teams/teams-app.ts';
import type { BotFrameworkEndpoints } from '../adapters/teams/teams-endpoint.ts';
import type { ChartLinks, ReportReader } from '../app/ports.ts';
import { teamsRoutes } from './teams-plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the Teams bot (tests, proactive sends); absent when Teams is not configured */
    teams?: TeamsApp;
  }
}

export interface TeamsMountOptions {
  appId: string | null;
  appPassword: string | null;
  appTenantId: string | null;
  /** TEAMS_ORG_ID: every tenant belongs to this org */
  orgId: string | null;
  dev: boolean;
  /** null: Microsoft's Bot Connector hosts */
  serviceUrls: string[] | null;
  /** a local Bot Framework double (tests, benchmarks) */
  endpoints?: BotFrameworkEndpoints;
  credentials?: ServiceClientCredentialsFactory;
}

export function conversationBook(db: Db): ConversationBook {
  return {
    save: (conversation) => saveTeamsConversation(db, conversation),
    find: (orgId, conversationId) => findTeamsConversation(db, orgId, conversationId),
    findPersonal: (orgId, userId) => findPersonalConversation(db, orgId, userId),
    list: (orgId) => listTeamsConversations(db, orgId),
    forget: async (orgId, conversationId, teamId) => {
      await forgetTeamsConversation(db, orgId, conversationId, teamId);
    },
  };
}

/** Builds the Teams bot on the app's report reader and chart links, and mounts POST /api/messages. */
export async function mountTeams(app: FastifyInstance, db: Db, reader: ReportReader, links: ChartLinks, options: TeamsMountOptions, now: () => Date): Promise<void> {
  const fixedOrg = options.orgId;
  const teams = createTeamsApp({
    ...options,
    serviceUrls: options.serviceUrls ?? MICROSOFT_SERVICE_URLS,
    book: conversationBook(db),
    tenants: async (tenantId) => fixedOrg ?? (await orgOfTenant(db, tenantId)),
    viewers: { list: (platform, orgId) => listViewers(db, orgId, platform) },
    links,
    answering: { reader, now, onError: (error) => app.log.error({ err: error }, 'teams') },
    onRefused: (reason) => app.log.warn(`teams: activity refused (${reason})`),
  });
  app.decorate('teams', teams);
  await app.register(teamsRoutes, { teams, dev: options.dev });
  app.addHook('onClose', async () => teams.idle());
}
