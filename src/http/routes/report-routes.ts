import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildReport, ReportError } from '../../app/build-report.ts';
import type { ReportReader } from '../../app/ports.ts';
import { normalizeEmail } from '../../domain/events/identity.ts';
import { RANGES } from '../../domain/metrics/period.ts';
import { VIEWS, type View } from '../../domain/metrics/report-types.ts';
import { HttpError, requireScope, type KeyLookup } from '../auth.ts';

const text = z.string().trim().min(1).max(256).refine((v) => !v.includes('\u0000'), 'must not contain a NUL character');

const querySchema = z
  .object({
    range: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    tz: text.optional(),
    person: z.string().max(320).optional(),
    team: text.optional(),
    tool: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{1,64}$/, 'must be a tool name such as claude-code, gemini-cli or cursor').optional(),
    model: text.optional(),
    project: text.optional(),
    scope: z.enum(['org', 'user']).default('org'),
  })
  .strict();

const ACCEPTED = `range=${RANGES.join('|')} or from=YYYY-MM-DD&to=YYYY-MM-DD, tz, person, team, tool, model, project, scope=org|user`;

function badQuery(issues: z.core.$ZodIssue[]): HttpError {
  const detail = issues
    .map((i) => (i.code === 'unrecognized_keys' ? `unknown parameter(s) ${i.keys.map((k) => `"${k}"`).join(', ')}` : `${i.path.join('.') || 'query'}: ${i.message}`))
    .join('; ');
  return new HttpError(400, `Bad query (${detail}). Accepted: ${ACCEPTED}.`);
}

/** GET /api/v1/reports/{view}: the six dashboard views as JSON (docs/metrics.md). */
export async function reportRoutes(app: FastifyInstance, options: { reader: ReportReader; lookupKey: KeyLookup; now: () => Date }): Promise<void> {
  app.get<{ Params: { view: string } }>('/api/v1/reports/:view', { preHandler: requireScope(options.lookupKey, 'read') }, async (request) => {
    const view = request.params.view;
    if (!(VIEWS as readonly string[]).includes(view)) throw new HttpError(404, `Unknown report "${view}". Reports: ${VIEWS.join(', ')}.`);
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) throw badQuery(parsed.error.issues);
    const q = parsed.data;
    const person = q.person === undefined ? null : q.person.startsWith('id:') ? q.person : normalizeEmail(q.person);
    if (q.person !== undefined && !person) throw new HttpError(400, 'person: must be an email address (or an "id:..." identity from a report).');
    const principal = request.principal!;
    try {
      return await buildReport(
        options.reader,
        {
          view: view as View,
          range: q.range,
          from: q.from,
          to: q.to,
          tz: q.tz,
          scope: q.scope,
          filters: { person, team: q.team ?? null, tool: q.tool ?? null, model: q.model ?? null, project: q.project ?? null },
          caller: { orgId: principal.orgId, personEmail: principal.personEmail, isAdmin: principal.scopes.includes('admin') },
        },
        options.now(),
      );
    } catch (error) {
      if (error instanceof ReportError) throw new HttpError(error.statusCode, error.message);
      throw error;
    }
  });
}
