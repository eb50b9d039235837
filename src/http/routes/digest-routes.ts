import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DigestSchedule, DigestStore } from '../../app/digest-ports.ts';
import { scheduleDigest } from '../../app/digest-commands.ts';
import type { ReportReader } from '../../app/ports.ts';
import { CADENCES } from '../../domain/digests/digest-timing.ts';
import { VIEWS } from '../../domain/metrics/report-types.ts';
import { authenticated, HttpError, type KeyLookup } from '../auth.ts';

const bodySchema = z
  .object({
    platform: z.enum(['slack', 'teams']),
    conversationId: z.string().trim().min(1).max(500),
    cadence: z.enum(CADENCES),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 24-hour').default('09:00'),
    weekday: z.number().int().min(1).max(7).optional(),
    monthDay: z.number().int().min(1).max(28).optional(),
    timeZone: z.string().min(1).max(64).optional(),
    views: z.array(z.enum(VIEWS)).min(1).max(4).default(['adoption']),
    filters: z.string().max(500).default(''),
    showPeople: z.boolean().default(false),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.cadence === 'weekly') !== (body.weekday !== undefined)) ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'is given for weekly digests only, and they need it (1 = Monday … 7 = Sunday)' });
    if (body.monthDay !== undefined && body.cadence !== 'monthly') ctx.addIssue({ code: 'custom', path: ['monthDay'], message: 'is for monthly digests only' });
  });

const EXAMPLE = '{"platform": "slack", "conversationId": "C0123", "cadence": "weekly", "weekday": 1, "time": "09:00", "views": ["adoption", "usage"]}';

function shown(schedule: DigestSchedule) {
  const { orgId: _org, timing, ...rest } = schedule;
  return { ...rest, ...timing, nextRunAt: schedule.nextRunAt.toISOString() };
}

/** The org's digest schedules for its admins: GET, POST /api/v1/digests, DELETE /api/v1/digests/{id}. */
export async function digestRoutes(app: FastifyInstance, options: { digests: DigestStore; reader: ReportReader; lookupKey: KeyLookup; now: () => Date }): Promise<void> {
  const admin = authenticated(options.lookupKey, 'admin');

  app.get('/api/v1/digests', admin, async (request) => ({ digests: (await options.digests.list(request.principal!.orgId)).map(shown) }));

  app.post('/api/v1/digests', admin, async (request, reply) => {
    const parsed = bodySchema.safeParse(request.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new HttpError(400, `Bad digest (${detail}). Send e.g. ${EXAMPLE}.`);
    }
    const body = parsed.data;
    const spec = { cadence: body.cadence, time: body.time, weekday: body.weekday ?? null, monthDay: body.cadence === 'monthly' ? (body.monthDay ?? 1) : null, timeZone: body.timeZone ?? null, views: [...new Set(body.views)], filters: body.filters, showPeople: body.showPeople };
    const place = { platform: body.platform, conversationId: body.conversationId };
    const created = await scheduleDigest(options, request.principal!.orgId, spec, place, `key:${request.principal!.keyId}`, options.now());
    if (typeof created === 'string') throw new HttpError(400, created);
    return reply.code(201).send({ digest: shown(created.schedule) });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/digests/:id', admin, async (request, reply) => {
    const id = request.params.id.toLowerCase();
    if (!/^[0-9a-f-]{8,36}$/.test(id)) throw new HttpError(400, `"${request.params.id}" is not a digest id: give its id or the first 8 characters of it.`);
    const removed = await options.digests.remove(request.principal!.orgId, id);
    if (!removed) throw new HttpError(404, `No digest ${id} in this org (see GET /api/v1/digests).`);
    return reply.code(204).send();
  });
}
