import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { NudgeStore } from '../../app/nudge-ports.ts';
import type { ReportReader } from '../../app/ports.ts';
import { seatsOverview } from '../../app/review-seats.ts';
import { MAX_IDLE_DAYS } from '../../domain/nudges/nudge-eligibility.ts';
import { monthlyCostOf, seatLine } from '../../domain/nudges/review-seats.ts';
import { authenticated, HttpError, type KeyLookup } from '../auth.ts';

const settingsSchema = z.object({ enabled: z.boolean().optional(), idleDays: z.number().int().min(1).max(MAX_IDLE_DAYS).optional() }).strict();

/**
 * Seat nudges for the org's admins: the setting (GET/PUT /api/v1/nudges), who would get one now and why
 * (GET /api/v1/nudges/preview, sends nothing), and the seats to reclaim (GET /api/v1/seats/reclaim).
 */
export async function nudgeRoutes(app: FastifyInstance, options: { nudges: NudgeStore; reader: ReportReader; lookupKey: KeyLookup; now: () => Date }): Promise<void> {
  const admin = authenticated(options.lookupKey, 'admin');
  const overview = async (orgId: string) => {
    const found = await seatsOverview(options, orgId);
    if (!found) throw new HttpError(404, 'Unknown org.');
    return found;
  };

  app.get('/api/v1/nudges', admin, async (request) => ({ nudges: (await overview(request.principal!.orgId)).settings }));

  app.put('/api/v1/nudges', admin, async (request) => {
    const parsed = settingsSchema.safeParse(request.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new HttpError(400, `Bad nudge settings (${detail}). Send e.g. {"enabled": true, "idleDays": 14}.`);
    }
    await options.nudges.saveSettings(request.principal!.orgId, parsed.data);
    return { nudges: (await overview(request.principal!.orgId)).settings };
  });

  app.get('/api/v1/nudges/preview', admin, async (request) => {
    const found = await overview(request.principal!.orgId);
    return { today: found.today, settings: found.settings, wouldNudge: found.nudge.map(seatLine), reclaim: found.reclaim.length, skipped: found.skipped.length };
  });

  app.get('/api/v1/seats/reclaim', admin, async (request) => {
    const { reclaim } = await overview(request.principal!.orgId);
    return { seats: reclaim.map(seatLine), monthlyCostUsd: monthlyCostOf(reclaim) };
  });
}
