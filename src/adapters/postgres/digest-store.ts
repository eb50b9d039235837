import { sql, type Selectable } from 'kysely';
import type { Db } from './database.ts';
import type { DigestSchedulesTable } from './schema.ts';
import type { DigestSchedule, DigestRun, NewDigestSchedule, Delivery } from '../../app/digest-ports.ts';

function scheduleOf(row: Selectable<DigestSchedulesTable>): DigestSchedule {
  return {
    orgId: row.org_id,
    scheduleId: row.schedule_id,
    platform: row.platform,
    conversationId: row.conversation_id,
    timing: { cadence: row.cadence, time: row.at_time, weekday: row.weekday, monthDay: row.month_day, timeZone: row.time_zone },
    views: row.views as DigestSchedule['views'],
    filters: row.filters,
    showPeople: row.show_people,
    createdBy: row.created_by,
    nextRunAt: row.next_run_at,
    disabledReason: row.disabled_reason,
  };
}

export async function createDigestSchedule(db: Db, input: NewDigestSchedule): Promise<DigestSchedule> {
  const row = await db
    .insertInto('digest_schedules')
    .values({
      org_id: input.orgId,
      schedule_id: input.scheduleId,
      platform: input.platform,
      conversation_id: input.conversationId,
      cadence: input.timing.cadence,
      at_time: input.timing.time,
      weekday: input.timing.weekday,
      month_day: input.timing.monthDay,
      time_zone: input.timing.timeZone,
      views: input.views,
      filters: input.filters,
      show_people: input.showPeople,
      created_by: input.createdBy,
      next_run_at: input.nextRunAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return scheduleOf(row);
}

/** The org's schedules, or one conversation's. */
export async function listDigestSchedules(db: Db, orgId: string, where: { platform: string; conversationId: string } | null = null): Promise<DigestSchedule[]> {
  let query = db.selectFrom('digest_schedules').selectAll().where('org_id', '=', orgId);
  if (where) query = query.where('platform', '=', where.platform as 'slack' | 'teams').where('conversation_id', '=', where.conversationId);
  return (await query.orderBy('created_at').execute()).map(scheduleOf);
}

export async function findDigestSchedule(db: Db, orgId: string, scheduleId: string): Promise<DigestSchedule | null> {
  const row = await db.selectFrom('digest_schedules').selectAll().where('org_id', '=', orgId).where('schedule_id', '=', scheduleId).executeTakeFirst();
  return row ? scheduleOf(row) : null;
}

/** Removes the org's schedule whose id starts with `idPrefix` (at least 8 characters), if it is the only one. */
export async function deleteDigestSchedule(db: Db, orgId: string, idPrefix: string, where: { platform: string; conversationId: string } | null = null): Promise<DigestSchedule | null> {
  const matches = (await listDigestSchedules(db, orgId, where)).filter((s) => s.scheduleId.startsWith(idPrefix.toLowerCase()));
  if (matches.length !== 1 || idPrefix.length < 8) return null;
  await db.deleteFrom('digest_schedules').where('org_id', '=', orgId).where('schedule_id', '=', matches[0]!.scheduleId).execute();
  return matches[0]!;
}

export async function disableDigestSchedule(db: Db, orgId: string, scheduleId: string, reason: string): Promise<void> {
  await db.updateTable('digest_schedules').set({ disabled_reason: reason.slice(0, 300) }).where('org_id', '=', orgId).where('schedule_id', '=', scheduleId).execute();
}

/**
 * Turns every schedule due at `now` into a delivery (once per key: a second run for the same period adds nothing)
 * and moves the schedule to its next run, in one transaction. Schedules another worker is handling are skipped.
 */
export async function takeDueDigests(db: Db, now: Date, plan: (schedule: DigestSchedule, now: Date) => DigestRun, limit = 1000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('digest_schedules')
      .selectAll()
      .where('next_run_at', '<=', now)
      .where('disabled_reason', 'is', null)
      .orderBy('next_run_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of due) {
      const schedule = scheduleOf(row);
      const run = plan(schedule, now);
      await trx
        .insertInto('chat_deliveries')
        .values({
          org_id: schedule.orgId,
          delivery_key: run.key,
          schedule_id: schedule.scheduleId,
          period_from: run.period.from,
          period_to: run.period.to,
          platform: schedule.platform,
          conversation_id: schedule.conversationId,
          state: 'due',
          due_at: schedule.nextRunAt,
        })
        .onConflict((oc) => oc.columns(['org_id', 'delivery_key']).doNothing())
        .execute();
      await trx.updateTable('digest_schedules').set({ next_run_at: run.nextRunAt }).where('org_id', '=', schedule.orgId).where('schedule_id', '=', schedule.scheduleId).execute();
    }
    return due.length;
  });
}

const deliveryColumns = sql<Delivery>`org_id AS "orgId", delivery_key AS "key", schedule_id AS "scheduleId", alert_id AS "alertId", period_from::text AS "periodFrom",
  period_to::text AS "periodTo", platform, conversation_id AS "conversationId", direct, state, attempts, message_id AS "messageId", due_at AS "dueAt", message`;

/** Deliveries waiting to be made: due ones, and ones claimed by a worker whose lease ran out (it died). */
export async function openDeliveries(db: Db, leaseExpiredBefore: Date, limit = 5000): Promise<Array<{ orgId: string; key: string }>> {
  const rows = await sql<{ orgId: string; key: string }>`
    SELECT org_id AS "orgId", delivery_key AS "key" FROM chat_deliveries
    WHERE state = 'due' OR (state = 'sending' AND claimed_at < ${leaseExpiredBefore})
    ORDER BY due_at LIMIT ${limit}`.execute(db);
  return rows.rows;
}

/** Claims a delivery for one worker until the lease runs out; null when it is sent, failed or held by a live worker. */
export async function claimDelivery(db: Db, orgId: string, key: string, leaseExpiredBefore: Date): Promise<Delivery | null> {
  const rows = await sql<Delivery>`
    UPDATE chat_deliveries SET state = 'sending', attempts = attempts + 1, claimed_at = now()
    WHERE org_id = ${orgId} AND delivery_key = ${key}
      AND (state = 'due' OR (state = 'sending' AND claimed_at < ${leaseExpiredBefore}))
    RETURNING ${deliveryColumns}`.execute(db);
  return rows.rows[0] ?? null;
}

/** The message reserved for a delivery: recorded before its content is sent, so a rerun fills it in rather than posting again. */
export async function recordDeliveryMessage(db: Db, orgId: string, key: string, messageId: string): Promise<void> {
  await db.updateTable('chat_deliveries').set({ message_id: messageId }).where('org_id', '=', orgId).where('delivery_key', '=', key).execute();
}

export async function finishDelivery(db: Db, orgId: string, key: string, outcome: { state: 'sent' } | { state: 'due' | 'failed'; error: string }): Promise<void> {
  await db
    .updateTable('chat_deliveries')
    .set(outcome.state === 'sent' ? { state: 'sent', sent_at: new Date(), last_error: null } : { state: outcome.state, last_error: outcome.error.slice(0, 500) })
    .where('org_id', '=', orgId)
    .where('delivery_key', '=', key)
    .execute();
}
