import type { FastifyInstance } from 'fastify';
import type { TeamsApp } from '../adapters/teams/teams-app.ts';
import { HttpError } from './auth.ts';

/** Bot Framework activities are small; a card action is the largest at a few KB. */
const TEAMS_BODY_LIMIT = 256 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * POST /api/messages, the Bot Framework convention, as an encapsulated plugin with its own JSON parser. A request
 * without a bearer token is refused before its body is read; botbuilder then validates the token itself. In
 * development mode (no credentials) only this machine may call.
 */
export async function teamsRoutes(app: FastifyInstance, options: { teams: TeamsApp; dev: boolean }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: TEAMS_BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new HttpError(400, 'The body is not JSON: send a Bot Framework activity.'), undefined);
    }
  });
  app.addHook('onRequest', async (request) => {
    if (options.dev) {
      if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) throw new HttpError(403, 'Teams development mode (TEAMS_DEV) accepts activities from this machine only.');
    } else if (!/^Bearer\s+\S+/i.test(request.headers.authorization ?? '')) {
      throw new HttpError(401, 'Missing Bot Framework token: send "Authorization: Bearer <JWT>".');
    }
  });
  app.post('/api/messages', async (request, reply) => {
    const response = await options.teams.handle({ method: 'POST', headers: request.headers, body: request.body });
    const { status, body } = response;
    if (body === undefined || body === null || body === '') return reply.code(status).send();
    return reply.code(status).send(typeof body === 'string' ? { statusCode: status, error: body } : body);
  });
}
