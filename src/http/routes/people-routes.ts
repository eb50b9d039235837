import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PostgresStores } from '../../adapters/postgres/postgres-stores.ts';
import { MAX_ROSTER_ROWS, parseRosterJson } from '../../domain/roster/parse-roster.ts';
import { isSeatTool, MAX_SEAT_PRICE_USD, SEAT_TOOLS, tierProblem } from '../../domain/roster/seat-fields.ts';
import { normalizeEmail } from '../../domain/events/identity.ts';
import { HttpError, authenticated, type KeyLookup } from '../auth.ts';

/** 50,000 roster rows in JSON fit in ~15 MiB; the server-wide limit is smaller, so this route sets its own. */
export const ROSTER_BODY_LIMIT = 20 * 1024 * 1024;

const peopleBody = z.object({ people: z.array(z.unknown()) }).strict();

const pricesBody = z
  .object({
    prices: z
      .array(
        z
          .object({
            tool: z.enum(SEAT_TOOLS),
            tier: z.string().trim().toLowerCase().min(1).max(64),
            monthlyPriceUsd: z.number().min(0).max(MAX_SEAT_PRICE_USD),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.prices.forEach((entry, i) => {
      const problem = isSeatTool(entry.tool) ? tierProblem(entry.tool, entry.tier) : null;
      if (problem) ctx.addIssue({ code: 'custom', path: ['prices', i, 'tier'], message: problem });
      const key = `${entry.tool}|${entry.tier}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['prices', i], message: `${entry.tool} ${entry.tier} is given twice` });
      seen.add(key);
    });
  });

function badBody(error: z.ZodError, example: string): HttpError {
  const detail = error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return new HttpError(400, `Bad body (${detail}). Send ${example}.`);
}

/** The roster (people and their licenses) and the org's seat price list. */
export async function peopleRoutes(app: FastifyInstance, options: { roster: PostgresStores['roster']; lookupKey: KeyLookup }): Promise<void> {
  const { roster: store } = options;
  const admin = authenticated(options.lookupKey, 'admin');

  app.put('/api/v1/people', { ...admin, bodyLimit: ROSTER_BODY_LIMIT }, async (request, reply) => {
    const body = request.body as { people?: unknown } | null;
    if (Array.isArray(body?.people) && body.people.length > MAX_ROSTER_ROWS) {
      throw new HttpError(413, `A roster holds at most ${MAX_ROSTER_ROWS} rows; this one has ${body.people.length}. Split it.`);
    }
    const parsed = peopleBody.safeParse(body);
    if (!parsed.success) throw badBody(parsed.error, '{"people": [{"email", "name", "team", "department", "tool", "tier", "seatCostUsd", "assignedOn"}, ...]}');
    const orgId = request.principal!.orgId;
    const roster = parseRosterJson(parsed.data.people);
    const counts = await store.importRoster(orgId, roster);
    const errors = roster.errors.map((e) => ({ index: e.line - 1, line: e.line, message: e.message }));
    if (errors.length === 0) return { ...counts, errors };
    const error = `${errors.length} row(s) were rejected; the other rows were imported. Fix them and send the roster again.`;
    return reply.code(422).send({ statusCode: 422, error, ...counts, errors });
  });

  app.get('/api/v1/people', admin, async (request) => ({ people: await store.listPeople(request.principal!.orgId) }));

  // Erases one person (privacy request, leaver): ?chatUser=U0123 (repeatable) also removes their chat records.
  app.delete('/api/v1/people/:email', admin, async (request) => {
    const { email: raw } = request.params as { email: string };
    const email = normalizeEmail(raw);
    if (!email) throw new HttpError(400, `"${raw.slice(0, 100)}" is not an email address.`);
    const chatUser = (request.query as { chatUser?: string | string[] }).chatUser ?? [];
    const chatUserIds = (Array.isArray(chatUser) ? chatUser : [chatUser]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
    if (chatUserIds.length > 20 || chatUserIds.some((id) => id.length > 100)) throw new HttpError(400, 'chatUser: at most 20 ids of at most 100 characters.');
    return store.erasePerson(request.principal!.orgId, { email, chatUserIds });
  });

  app.get('/api/v1/price-list', authenticated(options.lookupKey, 'read'), async (request) => ({
    prices: await store.getPriceList(request.principal!.orgId),
  }));

  app.put('/api/v1/price-list', admin, async (request) => {
    const parsed = pricesBody.safeParse(request.body);
    if (!parsed.success) throw badBody(parsed.error, '{"prices": [{"tool": "cursor", "tier": "business", "monthlyPriceUsd": 40}]}');
    const orgId = request.principal!.orgId;
    await store.setPrices(orgId, parsed.data.prices);
    return { prices: await store.getPriceList(orgId) };
  });
}
