import { unknownFilterOf } from './build-report.ts';
import { randomUUID } from 'node:crypto';
import { describeCondition, describeCooldown, type AlertCondition } from '../domain/alerts/alert-rules.ts';
import type { AlertCommand } from '../domain/alerts/parse-alert-command.ts';
import { parseCommand } from '../domain/commands/parse-command.ts';
import { dateIn } from '../domain/metrics/period.ts';
import type { Answer } from './answer-command.ts';
import { notice, refusal } from './chat-notices.ts';
import { NOT_ALLOWED_TO_SCHEDULE, type ChatPlace } from './digest-commands.ts';
import type { AlertRule, AlertStore } from './digest-ports.ts';
import type { ReportReader } from './ports.ts';

/** `alert …`, `alerts` and `alert off …` typed in a conversation: its alerts are posted there. */
export async function answerAlertCommand(
  deps: { alerts: AlertStore; reader: ReportReader },
  command: AlertCommand,
  asker: { orgId: string; userId: string; mayViewPeople: boolean },
  place: ChatPlace,
  now: Date,
): Promise<Answer> {
  const where = { platform: place.platform, conversationId: place.conversationId };
  if (command.kind === 'error') return refusal(command.message);
  if (command.kind === 'list') {
    const rules = await deps.alerts.list(asker.orgId, where);
    if (rules.length === 0) return notice('Alerts here', 'No alert posts to this conversation. Add one with `alert adoption < 60%`.');
    const line = (r: (typeof rules)[number]) =>
      [r.ruleId.slice(0, 8), describeCondition(r.condition), r.disabledReason ? `stopped: ${r.disabledReason}` : r.state === 'firing' ? 'firing' : 'ok', r.lastDetail ?? 'not evaluated yet', `cooldown ${describeCooldown(r.cooldownMinutes)}`].join(' · ');
    return notice('Alerts here', rules.map(line).join('\n'));
  }
  if (!asker.mayViewPeople) return refusal(NOT_ALLOWED_TO_SCHEDULE);
  if (command.kind === 'off') {
    const removed = await deps.alerts.remove(asker.orgId, command.id, where);
    return removed ? notice('Alert removed', `Alert ${removed.ruleId.slice(0, 8)} (${describeCondition(removed.condition)}) will not post here again.`) : refusal(`No alert ${command.id} in this conversation (\`alerts\` lists them).`);
  }
  const created = await addAlert(deps, asker.orgId, command.condition, command.cooldownMinutes, place, asker.userId, now);
  if (typeof created === 'string') return refusal(created);
  const id = created.ruleId.slice(0, 8);
  const cooldown = created.cooldownMinutes > 0 ? ` (never twice within ${describeCooldown(created.cooldownMinutes)})` : '';
  return notice('Alert set', `Alert ${id}: ${describeCondition(created.condition)}. It posts here once when it fires and once when it resolves${cooldown}. \`alert off ${id}\` stops it.`);
}

/** Adds an alert rule posting to a conversation (from chat, the API or the CLI); a string says what is wrong. */
export async function addAlert(
  deps: { alerts: AlertStore; reader: ReportReader },
  orgId: string,
  condition: AlertCondition,
  cooldownMinutes: number,
  place: ChatPlace,
  createdBy: string,
  now: Date,
): Promise<AlertRule | string> {
  const context = await deps.reader.context(orgId);
  if (!context) return 'This workspace is not connected to an Uptake org yet.';
  const check = parseCommand(`adoption ${condition.filters}`, dateIn(context.settings.timeZone, now));
  if (check.kind === 'error') return check.message;
  if (check.kind === 'query' && check.query.filters.person) return 'An alert is about groups, never one person.';
  if (check.kind === 'query') {
    const unknown = await unknownFilterOf(deps.reader, orgId, { ...check.query.filters, person: null }, context);
    if (unknown) return unknown.message;
  }
  return deps.alerts.create({ orgId, ruleId: randomUUID(), platform: place.platform, conversationId: place.conversationId, condition, cooldownMinutes, createdBy });
}
