import { addDays } from '../domain/metrics/period.ts';
import { describeNudgeOutcome } from '../domain/nudges/nudge-message.ts';
import type { NudgeAdminCommand } from '../domain/nudges/parse-nudge-admin-command.ts';
import { monthlyCostOf, type SeatReview } from '../domain/nudges/review-seats.ts';
import type { Answer } from './answer-command.ts';
import { notice, refusal } from './chat-notices.ts';
import type { NudgeStore } from './nudge-ports.ts';
import type { ReportReader } from './ports.ts';
import { seatsOverview, type SeatsOverview } from './review-seats.ts';

export const NOT_ALLOWED_TO_MANAGE_NUDGES = 'Only the people your Uptake admin allowed to see per-person numbers may turn seat nudges on or off and see who gets them.';
/** Lines of people in one chat answer; the API and the CLI list them all. */
export const MAX_LISTED_SEATS = 20;
const OUTCOME_DAYS = 30;

const money = (usd: number) => `$${usd.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

function seatText(r: SeatReview): string {
  const who = r.name ? `${r.name} (${r.email})` : r.email;
  return `${who} · ${r.tool} ${r.tier} · last used ${r.lastUsed ?? 'never'} · ${money(r.monthlyCostUsd)} a month · ${r.verdict.why}`;
}

function seatList(seats: SeatReview[], everything: string): string {
  const shown = seats.slice(0, MAX_LISTED_SEATS).map(seatText);
  const more = seats.length - shown.length;
  return [...shown, ...(more > 0 ? [`… and ${more} more (${everything} lists them all).`] : [])].join('\n');
}

function settingsText(overview: SeatsOverview): string {
  const { enabled, idleDays, graceDays } = overview.settings;
  const rule = `seats unused for ${idleDays} days, or never used ${graceDays} days after they were assigned`;
  return enabled ? `Seat nudges are on: a direct message to the holders of ${rule}.` : `Seat nudges are off (they would go to the holders of ${rule}).`;
}

/** Answers the admins' seat-nudge commands. Per-person lists are for the allow-listed and only ever shown privately. */
export async function answerNudgeAdminCommand(
  deps: { nudges: NudgeStore; reader: ReportReader; now: () => Date },
  command: NudgeAdminCommand,
  asker: { orgId: string; mayViewPeople: boolean },
): Promise<Answer> {
  if (command.kind === 'error') return refusal(command.message);
  if (command.kind !== 'status' && !asker.mayViewPeople) return refusal(NOT_ALLOWED_TO_MANAGE_NUDGES);
  if (command.kind === 'on' || command.kind === 'off') {
    await deps.nudges.saveSettings(asker.orgId, command.kind === 'on' ? { enabled: true, ...(command.idleDays !== null ? { idleDays: command.idleDays } : {}) } : { enabled: false });
  }
  const overview = await seatsOverview(deps, asker.orgId);
  if (!overview) return refusal('This workspace is not connected to an Uptake org yet.');
  const due = `${overview.nudge.length} ${overview.nudge.length === 1 ? 'person' : 'people'} would get one now (\`nudges preview\` names them); ${overview.reclaim.length} seats are on the reclaim list (\`seats\`).`;
  switch (command.kind) {
    case 'status': {
      const outcome = describeNudgeOutcome(await deps.nudges.outcome(asker.orgId, addDays(overview.today, -(OUTCOME_DAYS - 1)), overview.today));
      return notice('Seat nudges', [settingsText(overview), due, `${outcome ?? 'Seat nudges: none sent'} in the last ${OUTCOME_DAYS} days.`].join('\n'));
    }
    case 'on':
      return notice('Seat nudges on', `${settingsText(overview)} Each goes out on a weekday between 9:00 and 17:00 in the person's time zone, at most once every two weeks. ${due}`);
    case 'off':
      return notice('Seat nudges off', `${settingsText(overview)} Answers to earlier nudges still count.`);
    case 'preview': {
      const body = overview.nudge.length === 0 ? 'Nobody would get a nudge now.' : seatList(overview.nudge, '`uptake admin nudges preview` or GET /api/v1/nudges/preview');
      const note = overview.settings.enabled ? 'Nothing was sent; each goes out on a weekday between 9:00 and 17:00 in the person\'s time zone.' : 'Nothing was sent: nudges are off until `nudges on`.';
      return { ...notice(`Seat nudges: who would get one now (${overview.nudge.length})`, `${body}\n${note}`), namesPeople: true };
    }
    case 'seats': {
      const { reclaim } = overview;
      const body = reclaim.length === 0 ? 'No seat to reclaim: none offered back, none nudged three times without use, no holder unreachable.' : seatList(reclaim, '`uptake admin seats reclaim` or GET /api/v1/seats/reclaim');
      return { ...notice(`Seats to reclaim: ${reclaim.length}, ${money(monthlyCostOf(reclaim))} a month`, body), namesPeople: true };
    }
  }
}
