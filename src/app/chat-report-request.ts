import { reportViewOf, type ChatQuery } from '../domain/commands/command-types.ts';
import { ReportError, type ReportRequest } from './build-report.ts';

/** Who asked in chat: their email as the chat platform knows it, and whether the org lets them see per-person numbers. */
export interface ChatCaller {
  orgId: string;
  email: string | null;
  mayViewPeople: boolean;
}

/** The report to build, and notes for the asker (e.g. why they got the org view instead of per-person numbers). */
export interface ChatReportPlan {
  request: ReportRequest;
  notes: string[];
}

export const NOT_ALLOWED_NOTE = 'Per-person numbers are only for the people your Uptake admin allowed, so this is the org view. Try `me` for your own numbers.';

/**
 * The report a chat command asks for, under the chat's permission rules: `me` is the asker's own usage; per-person
 * views (`users`, a person filter) need permission, and without it the asker gets the org view and a note why.
 * `personEmail` is the person filter already resolved to an email by the chat adapter.
 */
export function chatReportRequest(query: ChatQuery, caller: ChatCaller, personEmail: string | null): ChatReportPlan {
  const period = query.period.kind === 'range' ? { range: query.period.range } : { from: query.period.from, to: query.period.to };
  const filters = { ...query.filters, person: null };
  if (query.view === 'me') {
    if (!caller.email) throw new ReportError(403, 'I could not find an email address for you, so I cannot match your usage.');
    const request: ReportRequest = {
      view: 'usage',
      ...period,
      filters: { ...filters, person: caller.email },
      scope: 'user',
      caller: { orgId: caller.orgId, personEmail: caller.email, isAdmin: false },
    };
    return { request, notes: [] };
  }
  const asksPerPerson = query.scope === 'user' || query.filters.person !== null;
  const perPerson = asksPerPerson && caller.mayViewPeople;
  if (perPerson && query.filters.person !== null && !personEmail) throw new ReportError(400, 'I could not find an email address for that person.');
  const request: ReportRequest = {
    view: reportViewOf(query.view),
    ...period,
    filters: { ...filters, person: perPerson && query.filters.person !== null ? personEmail : null },
    scope: perPerson ? 'user' : 'org',
    caller: { orgId: caller.orgId, personEmail: null, isAdmin: perPerson },
  };
  return { request, notes: asksPerPerson && !perPerson ? [NOT_ALLOWED_NOTE] : [] };
}
