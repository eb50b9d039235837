import { randomUUID } from 'node:crypto';
import { describeCondition, describeCooldown } from '../domain/alerts/alert-rules.ts';
import type { AlertCommand } from '../domain/alerts/parse-alert-command.ts';
import { parseCommand } from '../domain/commands/parse-command.ts';
import { dateIn } from '../domain/metrics/period.ts';
import type { Answer } from './answer-command.ts';
import { notice, refusal } from './chat-notices.ts';
import { NOT_ALLOWED_TO_SCHEDULE, type ChatPlace } from './digest-commands.ts';
import type { AlertStore } from './digest-ports.ts';
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
      [r.ruleId.slice(0, 8), describeCondition(r.condition), r.state === 'firing' ? 'firing' : 'ok', r.lastDetail ?? 'not evaluated yet', `cooldown ${describeCooldown(r.cooldownMinutes)}`].join(' · ');
    return notice('Alerts here', rules.map(line).join('\n'));
  }
  if (!asker.mayViewPeople) return refusal(NOT_ALLOWED_TO_SCHEDULE);
  if (command.kind === 'off') {
    const removed = await deps.alerts.remove(asker.orgId, command.id, where);
    return removed ? notice('Alert removed', `Alert ${removed.ruleId.slice(0, 8)} (${describeCondition(removed.condition)}) will not post here again.`) : refusal(`No alert ${command.id} in this conversation (\`alerts\` lists them).`);
  }
  const context = await deps.reader.context(asker.orgId);
  if (!context) return refusal('This workspace is not connected to an Uptake org yet.');
  const check = parseCommand(`adoption ${command.condition.filters}`, dateIn(context.settings.timeZone, now));
  if (check.kind === 'error') return refusal(check.message);
  const rule = await deps.alerts.create({ orgId: asker.orgId, ruleId: randomUUID(), platform: place.platform, conversationId: place.conversationId, condition: command.condition, cooldownMinutes: command.cooldownMinutes, createdBy: asker.userId });
  return notice('Alert set', `Alert ${rule.ruleId.slice(0, 8)}: ${describeCondition(rule.condition)}. It posts here once when it fires and once when it resolves${rule.cooldownMinutes > 0 ? ` (never twice within ${describeCooldown(rule.cooldownMinutes)})` : ''}. \`alert off ${rule.ruleId.slice(0, 8)}\` stops it.`);
}
