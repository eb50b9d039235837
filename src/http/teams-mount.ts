import type { FastifyInstance } from 'fastify';
import type { TeamsApp } from '../adapters/teams/teams-app.ts';
import { teamsRoutes } from './teams-plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the Teams bot (tests, proactive sends); absent when Teams is not configured */
    teams?: TeamsApp;
  }
}

/** Mounts the Teams bot the composition root built (src/main/teams-chat.ts) at POST /api/messages. */
export async function mountTeams(app: FastifyInstance, teams: TeamsApp): Promise<void> {
  app.decorate('teams', teams);
  await app.register(teamsRoutes, { teams, dev: teams.dev });
  app.addHook('onClose', async () => teams.idle());
}
