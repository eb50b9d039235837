import { prng } from './fuzz.ts';
import type { CursorDay } from './report-oracle-cursor.ts';

// A synthetic org for the report tests: a roster with licenses, and ~70 days of events before a fixed `now`.
// Everything is generated from a seed, so a failure can be reproduced. Nothing here calls src/domain/metrics.

export const NOW = new Date('2026-11-20T15:00:00Z'); // 07:00 in Los Angeles (PST, after the Nov 1 DST change)
export const ORG_TZ = 'America/Los_Angeles';

export interface ApiEv {
  id: string;
  occurredAt: string;
  tool: string;
  kind: string;
  email?: string;
  identity?: string;
  sessionId?: string;
  requestId?: string;
  model?: string;
  tokens?: { input: number; output: number; cacheRead: number; cacheCreation: number };
  costUsd?: number;
  toolName?: string;
  success?: boolean;
  decision?: string;
  linesAdded?: number;
  linesRemoved?: number;
  quantity?: number;
  project?: string;
  attributes?: Record<string, string>;
}

export interface RosterPerson {
  email: string;
  name: string;
  team: string | null;
  department: string | null;
}

export interface RosterLicense {
  email: string;
  tool: string;
  tier: string;
  price: number | null;
  validFrom: string;
  validTo: string | null;
}

export interface Dataset {
  tz: string;
  minGroupSize: number;
  graceDays: number;
  people: RosterPerson[];
  licenses: RosterLicense[];
  priceList: Array<{ tool: string; tier: string; price: number }>;
  events: ApiEv[];
  /** Cursor's member-day counters, when a Cursor sync is part of the org (report-oracle-cursor.ts) */
  cursorDays?: CursorDay[];
}

// ---------------------------------------------------------------------------------------------------------
// Calendar helpers (Intl only)

const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const partsCache = new Map<string, LocalParts>();

export interface LocalParts {
  date: string;
  hour: number;
  /** ISO weekday, 1 = Monday */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localParts(tz: string, ms: number): LocalParts {
  const key = `${tz}|${ms}`;
  const hit = partsCache.get(key);
  if (hit) return hit;
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const out = { date: `${p['year']}-${p['month']}-${p['day']}`, hour: Number(p['hour']), weekday: WEEKDAYS[p['weekday'] as string] as number };
  partsCache.set(key, out);
  return out;
}

export function localDate(tz: string, ms: number): string {
  return localParts(tz, ms).date;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** The instant of a local wall-clock time (minutes after local midnight) in a zone. */
export function zonedInstant(tz: string, day: string, minutes: number): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * MIN;
  const offsetAt = (ms: number) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second'])) - ms;
  };
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}

// ---------------------------------------------------------------------------------------------------------
// Event builder

export interface Who {
  email?: string;
  identity?: string;
}

const TOOL_NAMES: Record<string, string[]> = {
  'claude-code': ['Edit', 'Edit', 'Write', 'Bash', 'Bash', 'Read', 'Read', 'Grep', 'WebFetch', 'mcp__x__search', 'TodoWrite'],
  'gemini-cli': ['read_file', 'run_shell_command', 'write_file', 'replace', 'google_web_search', 'list_directory'],
  cursor: ['edit', 'read_file', 'run_terminal_cmd'],
};

export interface SessionSpec {
  who: Who | null;
  tool: string;
  start: number;
  project: string;
  /** the model of each model request, cycled; empty: a prompt-only session */
  models: string[];
  prompts: number;
  /** total tokens of the session's model requests */
  depth: number;
  sessionId?: string;
  /** requests per prompt (default 1-2) */
  requestsPerPrompt?: number;
}

export class EventBuilder {
  readonly events: ApiEv[] = [];
  private seq = 0;
  constructor(
    readonly rnd: () => number,
    readonly prefix: string,
  ) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.rnd() * values.length)] as T;
  }

  private nextId(): string {
    return `${this.prefix}-${++this.seq}`;
  }

  push(e: Omit<ApiEv, 'id' | 'occurredAt'> & { at: number }, who: Who | null): ApiEv {
    const { at, ...rest } = e;
    const ev: ApiEv = { id: this.nextId(), occurredAt: new Date(at).toISOString(), ...rest, ...(who ?? {}) };
    this.events.push(ev);
    return ev;
  }

  tokens(total: number): { input: number; output: number; cacheRead: number; cacheCreation: number } {
    const input = Math.round(total * (0.05 + this.rnd() * 0.1));
    const output = Math.round(total * (0.02 + this.rnd() * 0.05));
    const cacheCreation = Math.round(total * this.rnd() * 0.1);
    return { input, output, cacheRead: Math.max(0, total - input - output - cacheCreation), cacheCreation };
  }

  request(who: Who | null, tool: string, at: number, model: string, total: number, extra: Partial<ApiEv> = {}): ApiEv {
    return this.push(
      { at, tool, kind: 'api_request', requestId: `req-${this.prefix}-${this.seq + 1}`, model, tokens: this.tokens(total), costUsd: Math.round(total / 97) / 1000, ...extra },
      who,
    );
  }

  /** One session: prompts, model requests, tool calls (with an occasional decision), lines and active time. Returns its end. */
  session(spec: SessionSpec): { sessionId: string; end: number } {
    const { who, tool, project } = spec;
    const sessionId = spec.sessionId ?? `${tool}-${this.prefix}-${this.seq + 1}`;
    const base = { tool, sessionId, project };
    const perPrompt = spec.requestsPerPrompt ?? 0;
    const plan: number[] = Array.from({ length: spec.prompts }, () => (spec.models.length === 0 ? 0 : perPrompt || this.int(1, 2)));
    const requestCount = plan.reduce((a, b) => a + b, 0);
    let t = spec.start;
    let r = 0;
    for (const requests of plan) {
      this.push({ ...base, at: t, kind: 'user_prompt' }, who);
      t += this.int(15, 90) * 1000;
      for (let i = 0; i < requests; i++) {
        const model = spec.models[r % spec.models.length] as string;
        const share = r === requestCount - 1 ? spec.depth - Math.floor(spec.depth / requestCount) * r : Math.floor(spec.depth / requestCount);
        this.request(who, tool, t, model, share, base);
        r++;
        t += this.int(10, 60) * 1000;
        const calls = this.int(0, 2);
        for (let c = 0; c < calls; c++) {
          const toolName = this.pick(TOOL_NAMES[tool] ?? ['other_tool']);
          const roll = this.rnd();
          const attributes =
            tool === 'claude-code' && toolName === 'Bash' && roll < 0.3
              ? { workflow: 'code review' }
              : tool === 'claude-code' && toolName.startsWith('mcp__') && roll < 0.5
                ? { workflow: 'documentation' }
                : toolName === 'Read' && roll < 0.15
                  ? { workflow: 'deploying' } // not a category: the tool name decides
                  : undefined;
          this.push({ ...base, at: t, kind: 'tool_result', toolName, success: true, ...(attributes ? { attributes } : {}) }, who);
          t += this.int(5, 40) * 1000;
          if (toolName === 'Edit' && this.rnd() < 0.5) {
            this.push({ ...base, at: t, kind: 'tool_decision', toolName: 'Edit', decision: 'accept' }, who);
            t += 2000;
          }
        }
      }
      if (spec.models.length > 0 && this.rnd() < 0.5) {
        this.push({ ...base, at: t, kind: 'lines_changed', linesAdded: this.int(1, 120), linesRemoved: this.int(0, 40) }, who);
        t += 1000;
      }
      t += this.int(1, 8) * 60_000;
    }
    if (spec.models.length > 0) this.push({ ...base, at: t, kind: 'active_time', quantity: Math.round((t - spec.start) / 1000 / 2) }, who);
    return { sessionId, end: t };
  }
}

// ---------------------------------------------------------------------------------------------------------
// The org

const SONNET = 'claude-sonnet-4-5';
const OPUS = 'claude-opus-4-1';
const GEMINI = 'gemini-2.5-pro';
/** a model without a known API price */
export const UNPRICED = 'acme-coder-1';
const CURSOR_SMALL = 'cursor-small'; // also unpriced
/** Cursor's name of SONNET: one model family, two raw ids (docs/metrics.md "Models") */
const CURSOR_SONNET = 'claude-4.5-sonnet';

const P = (id: string) => `${id}@acme.example`;

export const PEOPLE = {
  heavy: P('p01'),
  twoSeats: P('p02'),
  decliner: P('p03'),
  shallow: P('p04'),
  idle: P('p05'),
  grace: P('p07'),
  sessionless: P('m01'),
  tierChange: P('m03'),
  newUser: P('m07'),
  multiDay: P('d01'),
  mixedCase: P('d02'),
  utcEdge: P('d05'),
  fresh: P('d06'),
  ghost: 'ghost@acme.example',
  laptop: 'id:laptop-42',
  /** unrostered, active with Cursor only, without sessions */
  tabOnly: 'tabs@acme.example',
};

export function teamsOfOrgA(): Record<string, string[]> {
  return {
    Platform: ['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08'].map(P),
    Mobile: ['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07'].map(P),
    Data: ['d01', 'd02', 'd03', 'd04', 'd05', 'd06'].map(P),
    Design: ['x01', 'x02', 'x03'].map(P),
  };
}

/** Departments by team: Engineering has two teams, Design is smaller than the org's min_group_size. */
const DEPARTMENTS: Record<string, string> = { Platform: 'Engineering', Data: 'Engineering', Mobile: 'Product', Design: 'Design' };

/**
 * The `organization.name` each person's client sends: by team, none from Design; d01 moved from Acme Labs to
 * Acme Apps on Oct 26 (their newest one counts), and the unrostered laptop sends Acme Cloud.
 */
function organizationOf(e: ApiEv): string | null {
  const person = e.email ?? (e.identity ? `id:${e.identity}` : '');
  if (person === P('d01') && e.occurredAt < '2026-10-26T07:00:00Z') return 'Acme Labs';
  if (person === 'id:laptop-42' || person.startsWith('p')) return 'Acme Cloud';
  if (person.startsWith('m') || person.toLowerCase().startsWith('d')) return 'Acme Apps';
  return null;
}

function withOrganization(e: ApiEv): ApiEv {
  const organization = organizationOf(e);
  return organization === null ? e : { ...e, attributes: { ...e.attributes, 'organization.name': organization } };
}

function rosterOfOrgA(): { people: RosterPerson[]; licenses: RosterLicense[] } {
  const people: RosterPerson[] = [];
  for (const [team, emails] of Object.entries(teamsOfOrgA())) {
    for (const email of emails) people.push({ email, name: `Person ${email.slice(0, 3)}`, team, department: DEPARTMENTS[team] ?? null });
  }
  people.push({ email: P('n01'), name: 'Person n01', team: null, department: null });
  const L = (id: string, tool: string, tier: string, price: number | null, validFrom: string, validTo: string | null = null): RosterLicense => ({
    email: P(id), tool, tier, price, validFrom, validTo,
  });
  const licenses = [
    L('p01', 'claude-code', 'team_premium', null, '2026-06-01'),
    L('p02', 'claude-code', 'max_5x', 90, '2026-06-01'),
    L('p02', 'cursor', 'business', null, '2026-06-01'), // never used
    L('p03', 'claude-code', 'pro', null, '2026-06-01'),
    L('p04', 'claude-code', 'team_standard', null, '2026-06-01'),
    L('p05', 'claude-code', 'enterprise', 55, '2026-06-01'), // idle
    L('p06', 'gemini-cli', 'standard', null, '2026-06-01'),
    L('p07', 'claude-code', 'pro', null, '2026-11-17'), // grace period
    L('m01', 'cursor', 'pro', null, '2026-07-01'),
    L('m02', 'cursor', 'business', 35, '2026-07-01'),
    L('m03', 'claude-code', 'pro', null, '2026-06-01', '2026-10-31'),
    L('m03', 'claude-code', 'max_5x', null, '2026-11-01'),
    L('m04', 'gemini-cli', 'enterprise', null, '2026-06-01'),
    L('m05', 'claude-code', 'team_standard', null, '2026-06-01'), // idle
    L('m06', 'claude-code', 'pro', null, '2026-06-01'),
    L('d01', 'claude-code', 'max_5x', null, '2026-06-01'),
    L('d02', 'claude-code', 'pro', 18, '2026-06-01'),
    L('d03', 'gemini-cli', 'standard', 20, '2026-06-01'),
    L('d04', 'claude-code', 'pro', null, '2026-06-01', '2026-10-31'),
    L('d05', 'claude-code', 'pro', null, '2026-10-01'),
    L('x01', 'claude-code', 'pro', null, '2026-06-01'),
    L('x02', 'cursor', 'pro', null, '2026-06-01'),
    L('n01', 'claude-code', 'pro', null, '2026-09-30'),
  ];
  return { people, licenses };
}

interface Habit {
  who: Who;
  tool: string;
  /** chance of a session per day */
  rate: number;
  projects: string[];
  modelSets: string[][];
  since?: string;
  until?: string;
}

/** Random sessions day by day; some start just before or after local midnight so the day assignment matters. */
function habitual(b: EventBuilder, habit: Habit, today: string): void {
  for (let day = habit.since ?? addDays(today, -70); day <= (habit.until ?? today); day = addDays(day, 1)) {
    if (b.rnd() >= habit.rate) continue;
    const u = b.rnd();
    const minutes = u < 0.12 ? b.int(23 * 60 + 20, 23 * 60 + 56) : u < 0.18 ? b.int(3, 40) : b.int(8 * 60, 19 * 60);
    const start = zonedInstant(ORG_TZ, day, minutes);
    if (start + 3 * HOUR > NOW.getTime()) continue;
    const depthClass = b.rnd();
    const depth =
      depthClass < 0.15 ? b.int(1_000, 9_000) : depthClass < 0.45 ? b.int(12_000, 95_000) : depthClass < 0.8 ? b.int(120_000, 950_000) : depthClass < 0.96 ? b.int(1_100_000, 9_500_000) : b.int(11_000_000, 30_000_000);
    b.session({ who: habit.who, tool: habit.tool, start, project: b.pick(habit.projects), models: b.pick(habit.modelSets), prompts: b.int(1, 3), depth });
  }
}

/** The main org: ~25 people in 4 teams, 2 unrostered active people, anonymous usage, and hand-made edge cases. */
export function buildOrgA(seed = 20261120): Dataset {
  const b = new EventBuilder(prng(seed), 'a');
  const today = localDate(ORG_TZ, NOW.getTime()); // 2026-11-20
  const cc = (email: string, rate: number, projects: string[], extra: Partial<Habit> = {}): Habit => ({
    who: { email }, tool: 'claude-code', rate, projects, modelSets: [[SONNET], [SONNET], [OPUS], [SONNET, OPUS], []], ...extra,
  });
  const habits: Habit[] = [
    cc(P('p01'), 0.55, ['web', 'api']),
    cc(P('p02'), 0.3, ['api', 'infra']),
    { who: { email: P('p06') }, tool: 'gemini-cli', rate: 0.3, projects: ['infra'], modelSets: [[GEMINI]] },
    cc(P('p08'), 0.2, ['web']),
    { who: { email: P('m02') }, tool: 'cursor', rate: 0.3, projects: ['mobile-app'], modelSets: [['gpt-5'], [CURSOR_SMALL]] },
    cc(P('m03'), 0.35, ['mobile-app', 'api']),
    { who: { email: P('m04') }, tool: 'gemini-cli', rate: 0.25, projects: ['mobile-app'], modelSets: [[GEMINI]] },
    cc(P('m06'), 0.2, ['api']),
    { who: { email: P('m06') }, tool: 'gemini-cli', rate: 0.1, projects: ['api'], modelSets: [[GEMINI]] }, // no gemini license
    cc(P('m07'), 0.5, ['mobile-app'], { since: '2026-11-05' }),
    cc(P('d01'), 0.6, ['ml', 'infra']),
    cc('D02@Acme.Example', 0.3, ['ml']), // mixed case: the roster matches case-insensitively
    { who: { email: P('d03') }, tool: 'gemini-cli', rate: 0.3, projects: ['ml'], modelSets: [[GEMINI]] },
    cc(P('d04'), 0.25, ['infra']),
    cc(P('d05'), 0.3, ['ml'], { since: '2026-10-25' }),
    cc(P('x01'), 0.3, ['web']),
    { who: { email: P('x02') }, tool: 'cursor', rate: 0.25, projects: ['web'], modelSets: [['gpt-5']] },
    cc(P('x03'), 0.15, ['web'], { modelSets: [[UNPRICED], [SONNET]] }),
    cc(P('n01'), 0.2, ['api'], { since: '2026-09-30' }),
    cc('ghost@acme.example', 0.15, ['web']), // not on the roster
    { who: { identity: 'laptop-42' }, tool: 'gemini-cli', rate: 0.15, projects: ['infra'], modelSets: [[GEMINI]] }, // no email
  ];
  for (const h of habits) habitual(b, h, today);

  // The decliner: busy in the previous 30 days, one small session in the current ones.
  for (let day = '2026-09-23'; day <= '2026-10-20'; day = addDays(day, 2)) {
    b.session({ who: { email: P('p03') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, day, 10 * 60), project: 'api', models: [SONNET], prompts: 3, depth: b.int(200_000, 600_000) });
  }
  b.session({ who: { email: P('p03') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-11-10', 11 * 60), project: 'api', models: [SONNET], prompts: 1, requestsPerPrompt: 1, depth: 150_000 });

  // The shallow user: many tiny sessions.
  for (const day of ['2026-10-01', '2026-10-08', '2026-10-24', '2026-10-29', '2026-11-03', '2026-11-06', '2026-11-12', '2026-11-16', '2026-11-18']) {
    b.session({ who: { email: P('p04') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, day, 14 * 60), project: 'web', models: [SONNET], prompts: 1, requestsPerPrompt: 1, depth: b.int(400, 900) });
  }

  // Cursor usage without session ids (tokens, no sessions), one person and nobody.
  for (let day = addDays(today, -60); day < today; day = addDays(day, 1)) {
    if (b.rnd() < 0.4) b.request({ email: P('m01') }, 'cursor', zonedInstant(ORG_TZ, day, b.int(9 * 60, 18 * 60)), CURSOR_SMALL, b.int(2_000, 40_000), { project: 'mobile-app' });
    if (b.rnd() < 0.15) b.request(null, 'cursor', zonedInstant(ORG_TZ, day, b.int(9 * 60, 18 * 60)), 'gpt-5', b.int(2_000, 40_000));
  }
  // Sessions of nobody: they count in totals (sessions, tokens), not in user counts nor in sessions per user.
  b.session({ who: null, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-11-02', 13 * 60), project: 'web', models: [SONNET], prompts: 2, depth: 70_000 });
  b.session({ who: null, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-10-05', 11 * 60), project: 'api', models: [OPUS], prompts: 1, depth: 50_000 });
  b.session({ who: null, tool: 'gemini-cli', start: zonedInstant(ORG_TZ, '2026-11-20', 2 * 60), project: 'infra', models: [GEMINI], prompts: 1, depth: 30_000 });

  // One very deep session (10M+ input + output tokens), so every session depth bucket has sessions.
  const deep = { tool: 'claude-code', sessionId: 'deep-session', project: 'ml' };
  b.push({ ...deep, at: zonedInstant(ORG_TZ, '2026-11-05', 10 * 60), kind: 'user_prompt' }, { email: P('d01') });
  b.request({ email: P('d01') }, 'claude-code', zonedInstant(ORG_TZ, '2026-11-05', 10 * 60 + 5), SONNET, 0, {
    ...deep, tokens: { input: 7_000_000, output: 4_000_000, cacheRead: 20_000_000, cacheCreation: 1_000_000 },
  });

  // Cursor Tab-only days of an unrostered person (prompts without a session, as the Cursor sync stores them): active
  // without a seat, and in sessions per user only where Cursor has sessions.
  for (const day of ['2026-10-09', '2026-10-30', '2026-11-11', '2026-11-19']) {
    b.push({ at: zonedInstant(ORG_TZ, day, 12 * 60), tool: 'cursor', kind: 'user_prompt', project: 'web' }, { email: PEOPLE.tabOnly });
  }

  // A session that starts at 23:50 on the last day of the previous period and goes on into the current one.
  b.session({ who: { email: P('p01') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-10-21', 23 * 60 + 50), project: 'web', models: [SONNET], prompts: 3, requestsPerPrompt: 2, depth: 2_400_000 });

  // A session that is resumed two days later (its later prompts and tool calls take its first request's model).
  const resumed = b.session({ who: { email: P('d01') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-10-25', 10 * 60), project: 'ml', models: [SONNET], prompts: 1, requestsPerPrompt: 1, depth: 40_000, sessionId: 'resumed-session' });
  b.session({ who: { email: P('d01') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-10-27', 15 * 60), project: 'ml', models: [], prompts: 3, depth: 0, sessionId: resumed.sessionId });
  for (let i = 0; i < 3; i++) b.push({ at: zonedInstant(ORG_TZ, '2026-10-27', 15 * 60 + 30 + i), tool: 'claude-code', kind: 'tool_result', sessionId: resumed.sessionId, project: 'ml', toolName: 'Edit' }, { email: P('d01') });

  // First ever activity at 03:30 UTC on Oct 22, which is still Oct 21 in Los Angeles.
  b.session({ who: { email: P('d05') }, tool: 'claude-code', start: Date.parse('2026-10-22T03:30:00Z'), project: 'ml', models: [SONNET], prompts: 1, requestsPerPrompt: 1, depth: 30_000 });

  // First ever activity 29 hours before now (outside the last 24 hours, but on a day they touch), then again inside them.
  b.session({ who: { email: P('d06') }, tool: 'claude-code', start: Date.parse('2026-11-19T10:00:00Z'), project: 'ml', models: [OPUS], prompts: 1, requestsPerPrompt: 1, depth: 20_000 });
  b.session({ who: { email: P('d06') }, tool: 'claude-code', start: Date.parse('2026-11-20T13:00:00Z'), project: 'ml', models: [OPUS], prompts: 1, requestsPerPrompt: 1, depth: 25_000 });

  // More in the last 24 hours, around local midnight.
  b.session({ who: { email: P('p01') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-11-19', 23 * 60 + 40), project: 'api', models: [SONNET, OPUS], prompts: 2, depth: 600_000 });
  b.session({ who: { email: P('m04') }, tool: 'gemini-cli', start: zonedInstant(ORG_TZ, '2026-11-19', 16 * 60), project: 'mobile-app', models: [GEMINI], prompts: 2, depth: 90_000 });
  b.session({ who: { identity: 'laptop-42' }, tool: 'gemini-cli', start: zonedInstant(ORG_TZ, '2026-11-20', 5 * 60), project: 'infra', models: [GEMINI], prompts: 1, depth: 15_000 });

  // The shallow user's one huge session starts just before the 30-day period and spends its tokens inside it: they
  // are shallow by the tokens of their sessions started in the period, not by all their tokens of the period.
  const huge = { tool: 'claude-code', sessionId: 'shallow-huge', project: 'web' };
  b.push({ ...huge, at: zonedInstant(ORG_TZ, '2026-10-21', 23 * 60 + 50), kind: 'user_prompt' }, { email: P('p04') });
  b.request({ email: P('p04') }, 'claude-code', zonedInstant(ORG_TZ, '2026-10-22', 20), SONNET, 30_000_000, huge);

  // Sonnet 4.5 under Cursor's name too, in both periods: one family with both raw ids in the models report.
  for (const day of ['2026-10-05', '2026-10-30', '2026-11-11', '2026-11-17']) {
    b.request({ email: P('x02') }, 'cursor', zonedInstant(ORG_TZ, day, 11 * 60), CURSOR_SONNET, 25_000, { project: 'web' });
  }

  const { people, licenses } = rosterOfOrgA();
  return {
    tz: ORG_TZ,
    minGroupSize: 5,
    graceDays: 7,
    people,
    licenses,
    priceList: [
      { tool: 'claude-code', tier: 'team_premium', price: 125 },
      { tool: 'gemini-cli', tier: 'standard', price: 25 },
    ],
    events: b.events.filter((e) => Date.parse(e.occurredAt) <= NOW.getTime()).map(withOrganization),
  };
}

/** Late and backfilled data for a past day, sent after the first rollup. */
export function lateEventsOfOrgA(): ApiEv[] {
  const b = new EventBuilder(prng(7), 'late');
  // The resumed session really started on Oct 19 (previous period), with an Opus request.
  const at = zonedInstant(ORG_TZ, '2026-10-19', 9 * 60);
  b.push({ at, tool: 'claude-code', kind: 'user_prompt', sessionId: 'resumed-session', project: 'ml' }, { email: P('d01') });
  b.request({ email: P('d01') }, 'claude-code', at + 60_000, OPUS, 500_000, { sessionId: 'resumed-session', project: 'ml' });
  // The "new user" of November had a session in October after all.
  b.session({ who: { email: P('m07') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-10-19', 23 * 60 + 45), project: 'mobile-app', models: [SONNET], prompts: 2, depth: 300_000 });
  // And an idle seat was used on a past day of the current period.
  b.session({ who: { email: P('m05') }, tool: 'claude-code', start: zonedInstant(ORG_TZ, '2026-11-02', 10 * 60), project: 'api', models: [SONNET], prompts: 1, depth: 50_000 });
  return b.events;
}

/** A second org with its own roster and data; one person has the same email as a person of org A. */
export function buildOrgB(seed = 99): Dataset {
  const b = new EventBuilder(prng(seed), 'b');
  const tz = 'Europe/Berlin';
  const today = localDate(tz, NOW.getTime());
  const people: RosterPerson[] = ['b1', 'b2', 'b3', 'b4', 'b5'].map((id) => ({ email: `${id}@beta.example`, name: `Beta ${id}`, team: 'Core', department: null }));
  people.push({ email: P('p01'), name: 'Shared contractor', team: 'Core', department: null });
  const licenses: RosterLicense[] = [
    ...people.map((p) => ({ email: p.email, tool: 'claude-code', tier: 'pro', price: null, validFrom: '2026-05-01', validTo: null })),
    { email: 'b5@beta.example', tool: 'gemini-cli', tier: 'enterprise', price: 50, validFrom: '2026-05-01', validTo: null },
  ];
  for (const who of ['b1', 'b2', 'b3', 'p01'].map((id) => (id === 'p01' ? P('p01') : `${id}@beta.example`))) {
    for (let day = addDays(today, -65); day <= today; day = addDays(day, 1)) {
      if (b.rnd() >= 0.35) continue;
      const start = zonedInstant(tz, day, b.int(7 * 60, 20 * 60));
      if (start + 3 * HOUR > NOW.getTime()) continue;
      b.session({ who: { email: who }, tool: 'claude-code', start, project: 'beta', models: [SONNET], prompts: b.int(1, 2), depth: b.int(5_000, 2_000_000) });
    }
  }
  b.session({ who: { email: 'outsider@beta.example' }, tool: 'claude-code', start: zonedInstant(tz, addDays(today, -3), 12 * 60), project: 'beta', models: [OPUS], prompts: 1, depth: 10_000 });
  return { tz, minGroupSize: 3, graceDays: 7, people, licenses, priceList: [], events: b.events };
}
