import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signInstallState, verifyInstallState } from '../../adapters/slack/install-state.ts';
import { authorizeUrl, exchangeCode, type GrantedInstall, type OAuthApp } from '../../adapters/slack/oauth-exchange.ts';
import { authenticated, type KeyLookup } from '../auth.ts';

export interface SlackInstallOptions {
  oauth: OAuthApp;
  stateSecret: Buffer;
  /** https://uptake.example.com; default the request's own origin */
  publicUrl: string | null;
  lookupKey: KeyLookup;
  now: () => Date;
  save: (orgId: string, grant: GrantedInstall) => Promise<void>;
  linkTtlMs?: number;
}

function page(reply: FastifyReply, status: number, title: string, text: string): FastifyReply {
  const html = `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${title}</h1><p>${text}</p></body>`;
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/**
 * Multi-workspace OAuth v2: an org admin asks for an install link (admin API key), opens it, approves in Slack, and
 * Slack sends the browser back to /slack/oauth_redirect, where the code becomes the workspace's bot token, stored
 * encrypted and tied to the org named in the signed state.
 */
export async function slackInstallRoutes(app: FastifyInstance, options: SlackInstallOptions): Promise<void> {
  const origin = (request: FastifyRequest) => (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
  const redirectUri = (request: FastifyRequest) => `${origin(request)}/slack/oauth_redirect`;
  const ttl = options.linkTtlMs ?? 3_600_000;

  app.post('/api/v1/slack/install-link', authenticated(options.lookupKey, 'admin'), async (request) => {
    const expiresAt = options.now().getTime() + ttl;
    const state = signInstallState(options.stateSecret, { orgId: request.principal!.orgId, expiresAt });
    return { url: `${origin(request)}/slack/install?state=${encodeURIComponent(state)}`, expiresAt: new Date(expiresAt).toISOString() };
  });

  app.get<{ Querystring: { state?: string } }>('/slack/install', async (request, reply) => {
    const state = request.query.state ?? '';
    if (!verifyInstallState(options.stateSecret, state, options.now().getTime())) {
      return page(reply, 400, 'Install link not valid', 'This install link is wrong or has expired. Ask your Uptake admin for a new one.');
    }
    return reply.redirect(authorizeUrl(options.oauth, redirectUri(request), state), 302);
  });

  app.get<{ Querystring: { code?: string; state?: string; error?: string } }>('/slack/oauth_redirect', async (request, reply) => {
    const { code, state, error } = request.query;
    if (error) return page(reply, 400, 'Not installed', 'The installation was cancelled in Slack.');
    const verified = state ? verifyInstallState(options.stateSecret, state, options.now().getTime()) : null;
    if (!verified || !code) return page(reply, 400, 'Install link not valid', 'This install link is wrong or has expired. Ask your Uptake admin for a new one.');
    let grant: GrantedInstall;
    try {
      grant = await exchangeCode(options.oauth, code, redirectUri(request));
    } catch (err) {
      request.log.warn({ err }, 'slack oauth exchange failed');
      return page(reply, 400, 'Not installed', 'Slack did not accept the installation (the code may have been used already). Try the install link again.');
    }
    await options.save(verified.orgId, grant);
    return page(reply, 200, 'Uptake is installed', 'Type <code>/ai-adoption</code> in any channel of your workspace.');
  });
}
