import { z } from 'zod';
import type { ReportRequest } from '../app/build-report.ts';
import type { ApiKeyPrincipal } from '../adapters/postgres/api-key-store.ts';
import { normalizeEmail } from '../domain/events/identity.ts';
import { canonicalTool } from '../domain/commands/parse-command.ts';
import { PERIOD_EXAMPLES } from '../domain/commands/period-grammar.ts';
import { NO_FILTERS, VALUE_FILTERS } from '../domain/metrics/report-types.ts';
import { HttpError } from './auth.ts';

const text = z.string().trim().min(1).max(256).refine((v) => !v.includes('\u0000'), 'must not contain a NUL character');

/** The query parameters of the reports, and of the charts drawn from them. */
export const reportQuerySchema = z
  .object({
    range: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    tz: text.optional(),
    person: z.string().max(320).optional(),
    team: text.optional(),
    department: text.optional(),
    organization: text.optional(),
    tool: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{1,64}$/, 'must be a tool name such as claude-code, gemini-cli or cursor').optional(),
    model: text.optional(),
    project: text.optional(),
    scope: z.enum(['org', 'user']).default('org'),
  })
  .strict();

const ACCEPTED = `range (${PERIOD_EXAMPLES}) or from=YYYY-MM-DD&to=YYYY-MM-DD, tz, person, team, department, organization, tool, model, project, scope=org|user`;

function badQuery(issues: z.core.$ZodIssue[]): HttpError {
  const detail = issues
    .map((i) => (i.code === 'unrecognized_keys' ? `unknown parameter(s) ${i.keys.map((k) => `"${k}"`).join(', ')}` : `${i.path.join('.') || 'query'}: ${i.message}`))
    .join('; ');
  return new HttpError(400, `Bad query (${detail}). Accepted: ${ACCEPTED}.`);
}

export type ReportCaller = ReportRequest['caller'];

export function callerOf(principal: ApiKeyPrincipal): ReportCaller {
  return { orgId: principal.orgId, personEmail: principal.personEmail, isAdmin: principal.scopes.includes('admin') };
}

/** Checks the query and turns it into a report request (without the view); 400 names what is accepted. */
export function parseReportQuery(query: unknown, caller: ReportCaller): Omit<ReportRequest, 'view'> {
  const parsed = reportQuerySchema.safeParse(query);
  if (!parsed.success) throw badQuery(parsed.error.issues);
  const q = parsed.data;
  const tool = q.tool === undefined ? undefined : (canonicalTool(q.tool) ?? q.tool);
  const person = q.person === undefined ? null : q.person.startsWith('id:') ? q.person : normalizeEmail(q.person);
  if (q.person !== undefined && !person) throw new HttpError(400, 'person: must be an email address (or an "id:..." identity from a report).');
  return {
    range: q.range,
    from: q.from,
    to: q.to,
    tz: q.tz,
    scope: q.scope,
    filters: { ...NO_FILTERS, ...Object.fromEntries(VALUE_FILTERS.map((key) => [key, q[key] ?? null])), tool: tool ?? null, person },
    caller,
  };
}
