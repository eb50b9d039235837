import type {
  AdoptionReport, Filters, LeaderboardReport, ModelsReport, PeriodInfo, PersonRow, Report, UnderutilizedReport, UsageReport, ValueReport, View,
} from '../../src/domain/metrics/report-types.ts';
import { NO_FILTERS } from '../../src/domain/metrics/report-types.ts';
import { addDays } from '../../src/domain/metrics/period.ts';
import { modelFamily } from '../../src/domain/metrics/model-families.ts';
import { Rng } from '../seed/random.ts';

// Report objects of a made-up org, shaped like GET /api/v1/reports/{view} answers, for chart previews, the chart
// benchmark and the renderer tests. `size` sets how many people, teams and models there are.

export type Variant = 'typical' | 'empty' | 'single' | 'large';

/** Deterministic pseudo-random numbers in [0, 1) from a seed. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

interface Shape {
  days: number;
  people: number;
  teams: number;
  models: number;
  tools: number;
  zero: boolean;
  longNames: boolean;
}

const SHAPES: Record<Variant, Shape> = {
  typical: { days: 30, people: 40, teams: 6, models: 5, tools: 3, zero: false, longNames: false },
  empty: { days: 30, people: 0, teams: 0, models: 0, tools: 0, zero: true, longNames: false },
  single: { days: 1, people: 1, teams: 1, models: 1, tools: 1, zero: false, longNames: false },
  large: { days: 90, people: 150, teams: 120, models: 110, tools: 3, zero: false, longNames: true },
};

const TOOLS = ['claude-code', 'cursor', 'gemini-cli'];
const WORKFLOWS = ['code generation', 'debugging', 'code review', 'documentation', 'other'];
const TO = '2026-11-20';

export function syntheticReports(variant: Variant, scope: 'org' | 'user' = 'user', filters: Partial<Filters> = {}): Report[] {
  const s = SHAPES[variant];
  const rnd = random(variant.length * 7919 + s.people);
  const int = (max: number) => Math.floor(rnd() * max);
  const from = addDays(TO, -(s.days - 1));
  const period: PeriodInfo = { from, to: TO, days: s.days, granularity: 'day', timeZone: 'Europe/Berlin' };
  const previousPeriod: PeriodInfo = { ...period, from: addDays(from, -s.days), to: addDays(from, -1) };
  const days = Array.from({ length: s.days }, (_, i) => addDays(from, i));
  const weeks = days.filter((_, i) => (s.days - i) % 7 === 0);
  const pad = (t: string) => (s.longNames ? `${t} with an unusually long descriptive name that goes on` : t);
  const teamNames = Array.from({ length: s.teams }, (_, i) => pad(['Platform', 'Web', 'Mobile', 'Data', 'Infra', 'Design'][i] ?? `Team ${i + 1}`));
  const modelNames = Array.from({ length: s.models }, (_, i) => (['claude-sonnet-4-5', 'claude-opus-4-1', 'gemini-2.5-pro', 'claude-haiku-4-5', 'gpt-5'][i] ?? `vendor-model-${i + 1}-preview-2026-experimental`));
  const tools = TOOLS.slice(0, s.tools);
  const people: PersonRow[] = Array.from({ length: s.people }, (_, i) => ({
    person: s.longNames ? `firstname.lastname-number-${i + 1}@a-very-long-company-domain.example.com` : `dev${i + 1}@acme.com`,
    name: s.longNames ? null : `Developer ${String.fromCharCode(65 + (i % 26))}${i + 1}`,
    team: teamNames[i % Math.max(1, s.teams)] ?? null,
    sessions: 5 + int(80),
    tokens: 50_000 + int(40_000_000),
    weekly: [],
  }));
  const active = s.zero ? 0 : Math.max(1, Math.round(s.people * 0.8));
  const licensed = s.zero ? 0 : Math.max(1, s.people);
  const sessions = people.reduce((a, p) => a + p.sessions, 0);
  const tokens = people.reduce((a, p) => a + p.tokens, 0);
  const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
  const daily = days.map((date) => ({ date, activeUsers: s.zero ? 0 : Math.max(1, Math.round(active * ([0, 6].includes(weekday(date)) ? 0.2 : 0.7 + rnd() * 0.3))) }));
  const env = <K extends string>(view: View, keys: K[]) => ({
    view, scope, period, previousPeriod, filters: { ...NO_FILTERS, ...filters },
    dataUpTo: s.zero ? null : `${TO}T14:00:00.000Z`,
    previous: Object.fromEntries(keys.map((k) => [k, s.zero ? 0 : 3])) as Record<K, number | null>,
    change: Object.fromEntries(keys.map((k) => [k, null])) as Record<K, number | null>,
  });
  const bucketsOf = (names: string[]) => names.map((bucket, i) => ({ bucket, count: s.zero ? 0 : Math.max(variant === 'single' ? 0 : 1, Math.round(active * [0.1, 0.3, 0.35, 0.2, 0.05][i]!)) + (variant === 'single' && i === 1 ? 1 : 0) }));
  const toolRows = tools.map((tool, i) => ({ tool, activeUsers: Math.max(1, Math.round(active / (i + 1))), sessions: Math.round(sessions / (i + 1.5)), sessionsPerUser: 3, tokens: Math.round(tokens / (i + 1.5)) }));
  const seatsByTier = tools.map((tool, i) => ({ tool, tier: ['max_5x', 'business', 'standard'][i] as string, seats: Math.round(licensed / (i + 1)), activeSeats: Math.round(active / (i + 1.2)), subscriptionCostUsd: [100, 40, 22][i]! * Math.round(licensed / (i + 1)), apiEquivalentUsd: Math.round(tokens / 1e5 / (i + 1)), costPerActiveSeat: 80 }));

  const adoption: AdoptionReport = {
    ...env('adoption', ['activeUsers', 'licensedUsers', 'adoptionRate', 'newUsers']),
    activeUsers: active, licensedUsers: licensed, activeLicensedUsers: Math.round(active * 0.9), adoptionRate: licensed ? Math.round(active * 0.9) / licensed : null,
    newUsers: s.zero ? 0 : Math.max(1, Math.round(active / 8)), unrosteredActiveUsers: 0, activeUnlicensedUsers: active - Math.round(active * 0.9),
    cohorts: { new: s.zero ? 0 : Math.max(1, Math.round(active / 8)), activated: 0, retained: s.zero ? 0 : active - Math.max(1, Math.round(active / 8)), reactivated: 0, lapsed: 0 }, averageActiveDays: s.zero ? null : 9,
    frequency: bucketsOf(['1', '2-4', '5-9', '10-19', '20+']),
    daily, weekly: weeks.map((weekStart) => ({ weekStart, activeUsers: s.zero ? 0 : active })),
    byTeam: [], byDepartment: [], byOrganization: [], byTool: [], hiddenGroups: 0, hiddenDepartments: 0, hiddenOrganizations: 0,
  };
  const usage: UsageReport = {
    ...env('usage', ['activeUsers', 'totalSessions', 'sessionsPerUser', 'totalTokens', 'tokensPerSession']),
    activeUsers: active, totalSessions: sessions, sessionsPerUser: active ? sessions / active : null, totalTokens: tokens, tokensPerSession: sessions ? tokens / sessions : null,
    tokens: { input: tokens * 0.7, output: tokens * 0.3, cacheRead: tokens * 5, cacheCreation: tokens / 3 }, prompts: sessions * 8, requests: sessions * 30, costUsd: tokens / 1e5,
    linesAdded: 0, linesRemoved: 0, activeHours: 0,
    sessionDepth: bucketsOf(['<10k', '10k-100k', '100k-1M', '1M-10M', '10M+']),
    peakActivity: s.zero ? [] : variant === 'single' ? [{ weekday: 4, hour: 10, count: 3 }] : Array.from({ length: 7 * 24 }, (_, i) => ({ weekday: Math.floor(i / 24) + 1, hour: i % 24, count: (i % 24 >= 8 && i % 24 <= 19 && i < 5 * 24 ? 40 : 3) + int(30) })),
    workflows: s.zero ? [] : WORKFLOWS.slice(0, variant === 'single' ? 1 : 5).map((workflow, i) => ({ workflow, toolCalls: 3000 >> i, share: 0 })),
    tools: toolRows,
    // Cursor's daily counters, when the made-up org uses Cursor
    cursor: tools.includes('cursor') && !s.zero
      ? { tabsShown: 48_200, tabsAccepted: 14_950, tabAcceptanceRate: 14_950 / 48_200, applies: 2_310, accepts: 1_640, rejects: 410, agentAcceptanceRate: 1_640 / 2_050, agentRequests: 5_120, composerRequests: 1_900, chatRequests: 2_700, cmdkUsages: 640 }
      : null,
  };
  // departments and organizations need no random numbers: the other reports keep their values
  const groupUsage = (names: string[]) => names.map((name, i) => withRatios({ name, activeUsers: 6 + (i % 5), sessions: 90 + 37 * i, tokens: 3e6 + 1e6 * i }));
  const sortBy = (k: 'sessions' | 'tokens') => [...people].sort((a, b) => b[k] - a[k]).slice(0, 10);
  const leaderboard: LeaderboardReport = {
    ...env('leaderboard', ['activeUsers', 'totalSessions', 'totalTokens']),
    activeUsers: active, totalSessions: sessions, totalTokens: tokens,
    topBySessions: scope === 'user' ? sortBy('sessions') : [], topByTokens: scope === 'user' ? sortBy('tokens') : [],
    teams: teamNames.map((team, i) => withRatios({ team, activeUsers: 5 + (i % 7), sessions: 40 + int(400), tokens: 1e6 + int(1e8) })),
    hiddenGroups: s.zero ? 0 : 1,
    departments: groupUsage(departmentNames(s.teams)).map(({ name, ...g }) => ({ department: name, ...g })),
    organizations: groupUsage(s.teams === 0 ? [] : ['Acme', 'Acme Labs']).map(({ name, ...g }) => ({ organization: name, ...g })),
    hiddenDepartments: s.zero ? 0 : 1, hiddenOrganizations: 0,
  };
  const models: ModelsReport = {
    ...env('models', ['totalRequests', 'totalTokens']),
    totalRequests: sessions * 30, totalTokens: tokens,
    byModel: [],
    modelWorkflow: modelNames.flatMap((model, m) => WORKFLOWS.map((workflow, w) => ({ family: modelFamily(model).key, label: modelFamily(model).label, workflow, toolCalls: Math.round(2000 / (m + 1) / (w + 1)) }))),
    weekly: (weeks.length ? weeks : [from]).flatMap((weekStart, w) => modelNames.map((model, m) => ({ weekStart, family: modelFamily(model).key, label: modelFamily(model).label, requests: Math.round((1000 + w * 150 * (m === 1 ? 1 : 0)) / (m + 1)), tokens: 0 }))),
  };
  const value: ValueReport = {
    ...env('value', ['subscriptionCostUsd', 'costPerActiveUser', 'apiEquivalentUsd', 'activeLicensedUsers']),
    subscriptionCostUsd: seatsByTier.reduce((a, t) => a + t.subscriptionCostUsd, 0), activeLicensedUsers: adoption.activeLicensedUsers,
    costPerActiveUser: adoption.activeLicensedUsers ? seatsByTier.reduce((a, t) => a + t.subscriptionCostUsd, 0) / adoption.activeLicensedUsers : null,
    tokensPerDollar: null, sessionsPerDollar: null, apiEquivalentUsd: seatsByTier.reduce((a, t) => a + t.apiEquivalentUsd, 0), unpricedTokens: 0,
    byTier: seatsByTier,
    trajectory: { direction: 'growing', slopePerWeek: 1, weekly: adoption.weekly.map((w, i) => ({ weekStart: w.weekStart, days: 7, activeUsers: s.zero ? 0 : Math.max(1, active - 3 + i) })) },
  };
  const seat = (i: number, lastActive: string | null) => ({ person: `dev${i}@acme.com`, name: null, team: null, tool: 'cursor', tier: 'business', assignedOn: from, lastActive, monthlyCostUsd: 40 });
  const underutilized: UnderutilizedReport = {
    ...env('underutilized', ['zeroSessionSeats', 'decliningUsers', 'shallowUsers']),
    zeroSessionSeats: s.zero ? 0 : Math.max(0, licensed - active), seatsInGracePeriod: s.zero ? 0 : 2, decliningUsers: 0, shallowUsers: 0, gracePeriodDays: 7,
    idleSeats: scope === 'user' && !s.zero ? Array.from({ length: Math.max(0, licensed - active) }, (_, i) => seat(i, i % 3 === 0 ? null : addDays(from, -5))) : [],
    graceSeats: [], declining: [], shallow: [],
  };
  return [adoption, usage, leaderboard, models, value, underutilized];
}

const DEPARTMENTS = ['Engineering', 'Product', 'Data', 'Infrastructure', 'Security'];
/** about one department per three teams */
function departmentNames(teams: number): string[] {
  return Array.from({ length: Math.ceil(teams / 3) }, (_, i) => DEPARTMENTS[i] ?? `Department ${i + 1}`);
}

/** A group's ratios when each of its active people uses a tool that records sessions. */
function withRatios<T extends { activeUsers: number; sessions: number; tokens: number }>(g: T): T & { sessionsPerUser: number; tokensPerSession: number } {
  return { ...g, sessionsPerUser: g.sessions / g.activeUsers, tokensPerSession: g.tokens / g.sessions };
}
