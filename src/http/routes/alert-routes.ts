import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addAlert } from '../../app/alert-commands.ts';
import type { AlertRule, AlertStore } from '../../app/digest-ports.ts';
import type { ReportReader } from '../../app/ports.ts';
import { ALERT_KINDS, conditionProblem, DEFAULT_COOLDOWN_MINUTES, DEFAULT_DAYS, MAX_COOLDOWN_MINUTES } from '../../domain/alerts/alert-rules.ts';
import { authenticated, HttpError, type KeyLookup } from '../auth.ts';

const bodySchema = z
  .object({
    platform: z.enum(['slack', 'teams']),
    conversationId: z.string().trim().min(1).max(500),
    kind: z.enum(ALERT_KINDS),
    threshold: z.number().finite(),
    days: z.number().int().optional(),
    filters: z.string().max(500).default(''),
    cooldownMinutes: z.number().int().min(0).max(MAX_COOLDOWN_MINUTES).default(DEFAULT_COOLDOWN_MINUTES),
  })
  .strict();

const EXAMPLE = '{"platform": "slack", "conversationId": "C0123", "kind": "adoption-below", "threshold": 60, "filters": "team:web"}';

function shown(rule: AlertRule) {
  const { orgId: _org, condition, changedAt, ...rest } = rule;
  return { ...rest, ...condition, changedAt: changedAt?.toISOString() ?? null };
}

/** The org's alert rules for its admins: GET, POST /api/v1/alerts, DELETE /api/v1/alerts/{id}. */
export async function alertRoutes(app: FastifyInstance, options: { alerts: AlertStore; reader: ReportReader; lookupKey: KeyLookup; now: () => Date }): Promise<void> {
  const admin = authenticated(options.lookupKey, 'admin');

  app.get('/api/v1/alerts', admin, async (request) => ({ alerts: (await options.alerts.list(request.principal!.orgId)).map(shown) }));

  app.post('/api/v1/alerts', admin, async (request, reply) => {
    const parsed = bodySchema.safeParse(request.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new HttpError(400, `Bad alert (${detail}). Send e.g. ${EXAMPLE}.`);
    }
    const body = parsed.data;
    const condition = { kind: body.kind, threshold: body.threshold, days: body.days ?? DEFAULT_DAYS[body.kind] ?? null, filters: body.filters.trim() };
    const problem = conditionProblem(condition);
    if (problem) throw new HttpError(400, `Bad alert (${problem}). Send e.g. ${EXAMPLE}.`);
    const place = { platform: body.platform, conversationId: body.conversationId };
    const created = await addAlert(options, request.principal!.orgId, condition, body.cooldownMinutes, place, `key:${request.principal!.keyId}`, options.now());
    if (typeof created === 'string') throw new HttpError(400, created);
    return reply.code(201).send({ alert: shown(created) });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/alerts/:id', admin, async (request, reply) => {
    const id = request.params.id.toLowerCase();
    if (!/^[0-9a-f-]{8,36}$/.test(id)) throw new HttpError(400, `"${request.params.id}" is not an alert id: give its id or the first 8 characters of it.`);
    const removed = await options.alerts.remove(request.principal!.orgId, id);
    if (!removed) throw new HttpError(404, `No alert ${id} in this org (see GET /api/v1/alerts).`);
    return reply.code(204).send();
  });
}
