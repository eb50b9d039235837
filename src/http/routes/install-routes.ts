import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../auth.ts';

export interface InstallRouteOptions {
  /** PUBLIC_URL; null builds the address from the request's Host */
  publicUrl: string | null;
  /** the packed developer CLI (npm run build:cli), or null when this server does not serve it */
  tarball: string | null;
}

/** A Host header is untrusted: only a host name or address with an optional port is echoed back. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

function baseUrl(request: FastifyRequest, publicUrl: string | null): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return HOST.test(request.host) ? `${request.protocol}://${request.host}` : 'https://<this-server>';
}

export function installPage(base: string): string {
  const tarball = `${base}/cli/uptake-cli.tgz`;
  return `Uptake: connect your AI coding tools
Server: ${base}

1. Install the uptake command (needs Node.js 20.19 or newer, nothing else):

   npm install -g ${tarball}

   or run it once without installing:  npx ${tarball} claude setup ...

2. Connect your tools. Your Uptake admin gives you an ingest key (upt_...):

   uptake claude setup --endpoint ${base} --api-key upt_... --email you@example.com
   uptake claude test && uptake claude backfill

   uptake gemini setup --endpoint ${base} --api-key upt_... --email you@example.com
   uptake gemini test && uptake gemini backfill

   setup checks the key with this server before it writes anything. Every command takes --help.

Admins rolling out to a whole team without touching each machine: run \`uptake admin rollout --org <orgId>\`
on the server for Claude Code managed settings and the Gemini CLI system settings.
`;
}

/** GET /install (how to set up a developer machine, with this server's address) and GET /cli/uptake-cli.tgz. No key. */
export async function installRoutes(app: FastifyInstance, options: InstallRouteOptions): Promise<void> {
  app.get('/install', async (request, reply) => reply.type('text/plain; charset=utf-8').send(installPage(baseUrl(request, options.publicUrl))));

  app.get('/cli/uptake-cli.tgz', async (_request, reply) => {
    if (!options.tarball || !existsSync(options.tarball)) {
      throw new HttpError(503, 'The developer CLI package is not built on this server: run `npm run build:cli` there (npm start builds it when typescript is installed).');
    }
    return reply.type('application/gzip').header('content-disposition', 'attachment; filename="uptake-cli.tgz"').send(createReadStream(options.tarball));
  });
}
