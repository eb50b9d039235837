import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PostgresStores } from '../../adapters/postgres/postgres-stores.ts';
import { HttpError, authenticated, type KeyLookup } from '../auth.ts';

const MAX_RANGE_DAYS = 400;

const querySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).or(z.iso.date()),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()),
    // (Postgres text cannot hold a NUL: refuse it here rather than fail the query)
    tool: z.string().min(1).max(64).refine((v) => !v.includes('\u0000'), 'must not contain a NUL character').optional(),
  })
  .strict();

/** GET /api/v1/summary: usage totals over raw events, overall and per tool. */
export async function summaryRoutes(app: FastifyInstance, options: { summary: PostgresStores['summary']; lookupKey: KeyLookup }): Promise<void> {
  app.get('/api/v1/summary', authenticated(options.lookupKey, 'read'), async (request) => {
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
      throw new HttpError(400, `Bad query (${detail}). Use from=<ISO date or time>&to=<ISO date or time>[&tool=claude-code].`);
    }
    const from = new Date(parsed.data.from);
    const to = new Date(parsed.data.to);
    if (from >= to) throw new HttpError(400, '"from" must be before "to".');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new HttpError(400, `The range may span at most ${MAX_RANGE_DAYS} days.`);
    }
    const principal = request.principal!;
    // A personal key (bound to one person) without admin sees only that person's numbers.
    const personEmail = principal.personEmail && !principal.scopes.includes('admin') ? principal.personEmail : undefined;
    const totals = await options.summary.summarize({ orgId: principal.orgId, from, to, tool: parsed.data.tool?.toLowerCase(), personEmail });
    return { from: from.toISOString(), to: to.toISOString(), tool: parsed.data.tool ?? null, ...totals };
  });
}
