import type { FastifyInstance } from 'fastify';
import type { SlackHttpReceiver } from '../adapters/slack/slack-receiver.ts';

const SLACK_BODY_LIMIT = 1024 * 1024;

/**
 * POST /slack/events: slash commands, interactivity and events on one URL. Registered as an encapsulated plugin, so
 * its raw-string body parsers (Slack signs the exact bytes) never touch the ingestion routes.
 */
export async function slackRoutes(app: FastifyInstance, options: { receiver: SlackHttpReceiver }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'string', bodyLimit: SLACK_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });
  app.post('/slack/events', async (request, reply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    const response = await options.receiver.handle(raw, request.headers);
    return reply.code(response.status).headers(response.headers).send(response.body);
  });
}
