import { sql, type Selectable } from 'kysely';
import type { AlertChange, AlertRule, NewAlertRule } from '../../app/digest-ports.ts';
import type { AlertReading } from '../../domain/alerts/alert-rules.ts';
import type { Db } from './database.ts';
import type { AlertRulesTable } from './schema.ts';

function ruleOf(row: Selectable<AlertRulesTable>): AlertRule {
  return {
    orgId: row.org_id,
    ruleId: row.rule_id,
    platform: row.platform,
    conversationId: row.conversation_id,
    condition: { kind: row.kind, threshold: row.threshold, days: row.days, filters: row.filters },
    state: row.state,
    transitions: row.transitions,
    cooldownMinutes: row.cooldown_minutes,
    changedAt: row.changed_at,
    lastDetail: row.last_detail,
    disabledReason: row.disabled_reason,
  };
}

export async function createAlertRule(db: Db, input: NewAlertRule): Promise<AlertRule> {
  const row = await db
    .insertInto('alert_rules')
    .values({
      org_id: input.orgId,
      rule_id: input.ruleId,
      platform: input.platform,
      conversation_id: input.conversationId,
      kind: input.condition.kind,
      threshold: input.condition.threshold,
      days: input.condition.days,
      filters: input.condition.filters,
      cooldown_minutes: input.cooldownMinutes,
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return ruleOf(row);
}

export async function listAlertRules(db: Db, orgId: string, where: { platform: string; conversationId: string } | null): Promise<AlertRule[]> {
  let query = db.selectFrom('alert_rules').selectAll().where('org_id', '=', orgId);
  if (where) query = query.where('platform', '=', where.platform as 'slack' | 'teams').where('conversation_id', '=', where.conversationId);
  return (await query.orderBy('created_at').execute()).map(ruleOf);
}

export async function removeAlertRule(db: Db, orgId: string, idPrefix: string, where: { platform: string; conversationId: string } | null): Promise<AlertRule | null> {
  const matches = (await listAlertRules(db, orgId, where)).filter((r) => r.ruleId.startsWith(idPrefix.toLowerCase()));
  if (matches.length !== 1 || idPrefix.length < 8) return null;
  await db.deleteFrom('alert_rules').where('org_id', '=', orgId).where('rule_id', '=', matches[0]!.ruleId).execute();
  return matches[0]!;
}

export async function disableAlertRule(db: Db, orgId: string, ruleId: string, reason: string): Promise<void> {
  await db.updateTable('alert_rules').set({ disabled_reason: reason.slice(0, 300) }).where('org_id', '=', orgId).where('rule_id', '=', ruleId).execute();
}

export async function enabledAlertRules(db: Db): Promise<AlertRule[]> {
  return (await db.selectFrom('alert_rules').selectAll().where('disabled_reason', 'is', null).orderBy('org_id').execute()).map(ruleOf);
}

export async function recordAlertEvaluation(db: Db, rule: AlertRule, reading: AlertReading, change: AlertChange | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('alert_rules')
      .set({
        last_value: reading.value,
        last_detail: reading.detail.slice(0, 300),
        evaluated_at: new Date(),
        ...(change ? { state: change.state, transitions: rule.transitions + 1, changed_at: change.at } : {}),
      })
      .where('org_id', '=', rule.orgId)
      .where('rule_id', '=', rule.ruleId)
      .where('transitions', '=', rule.transitions)
      .executeTakeFirst();
    if (!change || Number(moved.numUpdatedRows) === 0) return;
    await sql`INSERT INTO chat_deliveries (org_id, delivery_key, alert_id, platform, conversation_id, state, due_at, message)
      VALUES (${rule.orgId}, ${change.key}, ${rule.ruleId}, ${rule.platform}, ${rule.conversationId}, 'due', now(), ${JSON.stringify(change.message)}::jsonb)
      ON CONFLICT (org_id, delivery_key) DO NOTHING`.execute(trx);
  });
}
