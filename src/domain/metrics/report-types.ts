/** The JSON answers of GET /api/v1/reports/{view}. Key metrics are top-level numbers; see docs/metrics.md. */
import type { MetricKey } from './catalogue.ts';
import type { Cohorts } from './cohorts.ts';

export const VIEWS = ['adoption', 'usage', 'leaderboard', 'models', 'value', 'underutilized'] as const;
export type View = (typeof VIEWS)[number];
export type Scope = 'org' | 'user';

/** The filters that name a value (the person filter aside), in the order commands and titles show them. */
export const VALUE_FILTERS = ['team', 'department', 'organization', 'tool', 'model', 'project'] as const;
export type ValueFilter = (typeof VALUE_FILTERS)[number];

export interface Filters {
  person: string | null;
  team: string | null;
  /** the roster's department */
  department: string | null;
  /** the `organization.name` attribute of the person's newest event that had one */
  organization: string | null;
  tool: string | null;
  model: string | null;
  project: string | null;
}

export const NO_FILTERS: Filters = { person: null, team: null, department: null, organization: null, tool: null, model: null, project: null };

export interface PeriodInfo {
  /** first day included (YYYY-MM-DD), or the first hour (ISO) for 24h */
  from: string;
  /** last day included, or the end hour (exclusive, ISO) for 24h */
  to: string;
  days: number;
  granularity: 'day' | 'hour';
  timeZone: string;
}

/** The key metrics of a report: catalogue metrics (src/domain/metrics/catalogue.ts) with `previous` and `change`. */
export interface ReportEnvelope<K extends MetricKey> {
  view: View;
  scope: Scope;
  period: PeriodInfo;
  previousPeriod: PeriodInfo;
  filters: Filters;
  /** time of the newest event in the rollups (ISO), null when the org has none */
  dataUpTo: string | null;
  previous: Record<K, number | null>;
  change: Record<K, number | null>;
}

export interface TokenSplit {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

export interface Bucket {
  bucket: string;
  count: number;
}

/** Key metrics of one report; a key that is not in the catalogue does not compile. */
type MetricSubset<K extends MetricKey> = K;

export type AdoptionKey = MetricSubset<'activeUsers' | 'licensedUsers' | 'adoptionRate' | 'newUsers'>;
export interface GroupAdoption {
  activeUsers: number;
  licensedUsers: number;
  adoptionRate: number | null;
}
export interface AdoptionReport extends ReportEnvelope<AdoptionKey> {
  activeUsers: number;
  licensedUsers: number;
  activeLicensedUsers: number;
  adoptionRate: number | null;
  newUsers: number;
  /** new / activated / retained / reactivated / lapsed people against the previous period */
  cohorts: Cohorts;
  unrosteredActiveUsers: number;
  /** active people without a seat in the period (for the tool filter): beside the adoption rate, not in it */
  activeUnlicensedUsers: number;
  averageActiveDays: number | null;
  frequency: Bucket[];
  daily: Array<{ date: string; activeUsers: number }>;
  weekly: Array<{ weekStart: string; activeUsers: number }>;
  byTeam: Array<GroupAdoption & { team: string }>;
  /** by the roster's department, and by the organization people sent (their newest `organization.name`) */
  byDepartment: Array<GroupAdoption & { department: string }>;
  byOrganization: Array<GroupAdoption & { organization: string }>;
  byTool: Array<GroupAdoption & { tool: string }>;
  /** teams smaller than min_group_size left out at scope=org; the same for departments and organizations */
  hiddenGroups: number;
  hiddenDepartments: number;
  hiddenOrganizations: number;
  /** scope=user only: active people missing from the roster, so an admin can add them */
  unrostered?: Array<{ person: string; lastActive: string }>;
}

export type UsageKey = MetricSubset<'activeUsers' | 'totalSessions' | 'sessionsPerUser' | 'totalTokens' | 'tokensPerSession'>;
export interface UsageReport extends ReportEnvelope<UsageKey> {
  activeUsers: number;
  totalSessions: number;
  sessionsPerUser: number | null;
  totalTokens: number;
  tokensPerSession: number | null;
  tokens: TokenSplit;
  prompts: number;
  requests: number;
  costUsd: number;
  linesAdded: number;
  linesRemoved: number;
  activeHours: number;
  sessionDepth: Bucket[];
  /** ISO weekday 1 (Monday) to 7, local hour 0-23, prompts + model requests */
  peakActivity: Array<{ weekday: number; hour: number; count: number }>;
  workflows: Array<{ workflow: string; toolCalls: number; share: number }>;
  /** `sessionsPerUser` is null for a tool without sessions in the period */
  tools: Array<{ tool: string; activeUsers: number; sessions: number; sessionsPerUser: number | null; tokens: number }>;
  /** what only Cursor reports (its daily counters, UTC days); null with another tool, a model or project filter, or no Cursor data */
  cursor: CursorUsage | null;
}

/** Cursor's own measures over a period (docs/metrics.md, "Cursor"). Rates are null when their denominator is 0. */
export interface CursorUsage {
  tabsShown: number;
  tabsAccepted: number;
  tabAcceptanceRate: number | null;
  applies: number;
  accepts: number;
  rejects: number;
  agentAcceptanceRate: number | null;
  agentRequests: number;
  composerRequests: number;
  chatRequests: number;
  cmdkUsages: number;
}

export interface GroupUsage {
  activeUsers: number;
  sessions: number;
  tokens: number;
  sessionsPerUser: number | null;
  tokensPerSession: number | null;
}

export type LeaderboardKey = MetricSubset<'activeUsers' | 'totalSessions' | 'totalTokens'>;
export interface PersonRow {
  person: string;
  name: string | null;
  team: string | null;
  sessions: number;
  tokens: number;
  weekly: Array<{ weekStart: string; sessions: number; tokens: number }>;
}
export interface LeaderboardReport extends ReportEnvelope<LeaderboardKey> {
  activeUsers: number;
  totalSessions: number;
  totalTokens: number;
  /** scope=user only (empty for scope=org, which never names people) */
  topBySessions: PersonRow[];
  topByTokens: PersonRow[];
  teams: Array<GroupUsage & { team: string }>;
  departments: Array<GroupUsage & { department: string }>;
  organizations: Array<GroupUsage & { organization: string }>;
  /** teams smaller than min_group_size left out at scope=org; the same for departments and organizations */
  hiddenGroups: number;
  hiddenDepartments: number;
  hiddenOrganizations: number;
}

export type ModelsKey = MetricSubset<'totalRequests' | 'totalTokens'>;
/** A model family (docs/metrics.md "Models"): its key (`claude-sonnet-4.5`) and display name ("Claude Sonnet 4.5"). */
export interface ModelFamilyRef {
  family: string;
  label: string;
}
export interface ModelsReport extends ReportEnvelope<ModelsKey> {
  totalRequests: number;
  totalTokens: number;
  /** per model family, with the raw model ids it had in the period */
  byModel: Array<ModelFamilyRef & { modelIds: string[]; requests: number; tokens: number; requestShare: number; tokenShare: number }>;
  modelWorkflow: Array<ModelFamilyRef & { workflow: string; toolCalls: number }>;
  weekly: Array<ModelFamilyRef & { weekStart: string; requests: number; tokens: number }>;
}

/** 'too-early' until there are enough whole weeks of data (docs/metrics.md "Value") */
export type TrajectoryDirection = 'growing' | 'flat' | 'declining' | 'too-early';

export type ValueKey = MetricSubset<'subscriptionCostUsd' | 'costPerActiveUser' | 'apiEquivalentUsd' | 'activeLicensedUsers'>;
export interface ValueReport extends ReportEnvelope<ValueKey> {
  subscriptionCostUsd: number;
  activeLicensedUsers: number;
  costPerActiveUser: number | null;
  tokensPerDollar: number | null;
  sessionsPerDollar: number | null;
  apiEquivalentUsd: number;
  unpricedTokens: number;
  byTier: Array<{
    tool: string;
    tier: string;
    seats: number;
    activeSeats: number;
    subscriptionCostUsd: number;
    apiEquivalentUsd: number;
    costPerActiveSeat: number | null;
  }>;
  /** over whole ISO weeks only; `weekly` lists every week the period touches, `days` < 7 for a partial one */
  trajectory: {
    direction: TrajectoryDirection;
    slopePerWeek: number;
    weekly: Array<{ weekStart: string; days: number; activeUsers: number }>;
  };
}

export type UnderutilizedKey = MetricSubset<'zeroSessionSeats' | 'decliningUsers' | 'shallowUsers'>;
export interface SeatRow {
  person: string;
  name: string | null;
  team: string | null;
  tool: string;
  tier: string;
  assignedOn: string;
  lastActive: string | null;
  /** what the seat costs a month (its license's price, else the org's price list, else the default) */
  monthlyCostUsd: number;
}
export interface UnderutilizedReport extends ReportEnvelope<UnderutilizedKey> {
  zeroSessionSeats: number;
  seatsInGracePeriod: number;
  decliningUsers: number;
  shallowUsers: number;
  gracePeriodDays: number;
  /** the lists are scope=user only */
  idleSeats: SeatRow[];
  graceSeats: SeatRow[];
  declining: Array<{ person: string; name: string | null; team: string | null; activity: number; previousActivity: number; lastActive: string | null }>;
  shallow: Array<{ person: string; name: string | null; team: string | null; sessions: number; tokensPerSession: number; lastActive: string | null }>;
}

export type Report = AdoptionReport | UsageReport | LeaderboardReport | ModelsReport | ValueReport | UnderutilizedReport;
