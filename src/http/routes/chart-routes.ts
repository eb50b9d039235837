import type { FastifyInstance, FastifyReply } from 'fastify';
import { ReportError } from '../../app/build-report.ts';
import type { ChartRenderer, ReportReader } from '../../app/ports.ts';
import { prepareChart, renderChart, type ChartRequest } from '../../app/render-chart.ts';
import { CHARTS, findChart } from '../../domain/charts/chart-catalog.ts';
import { HttpError, authenticated, type KeyLookup } from '../auth.ts';
import { signChartLink, verifyChartLink } from '../chart-link-token.ts';
import { callerOf, parseReportQuery } from '../report-query.ts';

export interface ChartLinkSettings {
  secret: Buffer;
  /** absolute base for links (PUBLIC_URL); null builds it from the request's Host */
  publicUrl: string | null;
  ttlSeconds: number;
}

export interface ChartRouteOptions {
  reader: ReportReader;
  renderer: ChartRenderer;
  lookupKey: KeyLookup;
  now: () => Date;
  links: ChartLinkSettings;
  /** whether the org's key that made a link is still active */
  keyActive: (orgId: string, keyId: string) => Promise<boolean>;
}

function knownChart(name: string): string {
  if (!findChart(name)) throw new HttpError(404, `Unknown chart "${name}". Charts: ${CHARTS.map((c) => c.name).join(', ')}.`);
  return name;
}

async function reportErrorsAsHttp<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ReportError) throw new HttpError(error.statusCode, error.message);
    throw error;
  }
}

async function sendPng(reply: FastifyReply, work: Promise<Buffer>, cache: string): Promise<FastifyReply> {
  const png = await reportErrorsAsHttp(work);
  return reply.type('image/png').header('cache-control', cache).send(png);
}

/** The query as it goes into a link: one string per parameter. */
function plainQuery(query: unknown): Record<string, string> {
  const entries = Object.entries(query as Record<string, unknown>);
  const repeated = entries.filter(([, v]) => typeof v !== 'string').map(([k]) => `"${k}"`);
  if (repeated.length > 0) throw new HttpError(400, `Bad query: give each parameter once (${repeated.join(', ')}).`);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** GET /api/v1/charts, GET /api/v1/charts/{chart}.png, POST /api/v1/charts/{chart}/links, GET /c/{token}.png. */
export async function chartRoutes(app: FastifyInstance, options: ChartRouteOptions): Promise<void> {
  const read = authenticated(options.lookupKey, 'read');

  app.get('/api/v1/charts', read, async () => ({ charts: CHARTS.map((c) => ({ name: c.name, view: c.view, title: c.title })) }));

  app.get<{ Params: { chart: string } }>('/api/v1/charts/:chart.png', read, async (request, reply) => {
    const chart = knownChart(request.params.chart);
    const query: ChartRequest = parseReportQuery(request.query, callerOf(request.principal!));
    return sendPng(reply, renderChart(options.reader, options.renderer, chart, query, options.now()), 'private, max-age=60');
  });

  app.post<{ Params: { chart: string } }>('/api/v1/charts/:chart/links', read, async (request, reply) => {
    const chart = knownChart(request.params.chart);
    const caller = callerOf(request.principal!);
    const params = plainQuery(request.query);
    // a bad query or a forbidden scope fails now, not when a chat platform fetches the image
    await reportErrorsAsHttp(prepareChart(options.reader, chart, parseReportQuery(params, caller), options.now()));
    const expiresAt = Math.floor(options.now().getTime() / 1000) + options.links.ttlSeconds;
    const token = signChartLink(options.links.secret, { orgId: caller.orgId, chart, query: params, personEmail: caller.personEmail, isAdmin: caller.isAdmin, expiresAt, keyId: request.principal!.keyId });
    const base = options.links.publicUrl ?? `${request.protocol}://${request.host}`;
    return reply.code(201).send({ url: `${base.replace(/\/+$/, '')}/c/${token}.png`, expiresAt: new Date(expiresAt * 1000).toISOString() });
  });

  app.get<{ Params: { token: string } }>('/c/:token.png', async (request, reply) => {
    const check = verifyChartLink(options.links.secret, request.params.token, options.now().getTime());
    if (!check.ok && check.reason === 'expired') throw new HttpError(410, 'This chart link has expired; ask for a new one.');
    if (!check.ok) throw new HttpError(403, 'Invalid chart link signature.');
    const { link } = check;
    if (link.keyId !== null && !(await options.keyActive(link.orgId, link.keyId))) throw new HttpError(410, 'The key that made this chart link was revoked; ask for a new link.');
    const caller = { orgId: link.orgId, personEmail: link.personEmail, isAdmin: link.isAdmin };
    const query = parseReportQuery(link.query, caller);
    return sendPng(reply, renderChart(options.reader, options.renderer, knownChart(link.chart), query, options.now()), 'private, max-age=300');
  });
}
