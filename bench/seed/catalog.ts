// The fixed vocabulary of the synthetic org: names, teams, projects, seats, models and tools.

import type { Weighted } from './random.ts';

export const EMAIL_DOMAIN = 'acme.example';

export const FIRST_NAMES = [
  'ada', 'alan', 'grace', 'linus', 'margaret', 'dennis', 'barbara', 'ken', 'frances', 'john', 'radia', 'bjarne',
  'hedy', 'guido', 'katherine', 'james', 'sophie', 'niklaus', 'anita', 'edsger', 'joan', 'donald', 'mary', 'tim',
  'shafi', 'leslie', 'lynn', 'brian', 'karen', 'yukihiro', 'annie', 'rob', 'evelyn', 'larry', 'fran', 'david',
  'carol', 'ward', 'elena', 'marco', 'priya', 'wei', 'aisha', 'mateo', 'ingrid', 'kwame', 'yuki', 'omar',
] as const;

export const LAST_NAMES = [
  'lovelace', 'turing', 'hopper', 'torvalds', 'hamilton', 'ritchie', 'liskov', 'thompson', 'allen', 'backus',
  'perlman', 'stroustrup', 'lamarr', 'rossum', 'johnson', 'gosling', 'wilson', 'wirth', 'borg', 'dijkstra',
  'clarke', 'knuth', 'keller', 'lee', 'goldwasser', 'lamport', 'conway', 'kernighan', 'jones', 'matsumoto',
  'easley', 'pike', 'berry', 'page', 'bilas', 'patterson', 'shaw', 'cunningham', 'rossi', 'bianchi', 'sharma',
  'zhang', 'okafor', 'garcia', 'nilsson', 'mensah', 'tanaka', 'haddad',
] as const;

export interface TeamSpec {
  name: string;
  department: string;
  /** Share of the people not in fixed-size teams. */
  weight: number;
  /** A deliberately small team (below the privacy threshold of 5). */
  fixedSize?: number;
  projects: readonly string[];
}

export const TEAMS: readonly TeamSpec[] = [
  { name: 'platform', department: 'platform-engineering', weight: 22, projects: ['api', 'infra', 'auth-service'] },
  { name: 'web', department: 'product-engineering', weight: 26, projects: ['web', 'design-system', 'api'] },
  { name: 'mobile', department: 'product-engineering', weight: 16, projects: ['mobile-app', 'api'] },
  { name: 'data', department: 'data', weight: 14, projects: ['data-pipeline', 'ml-platform'] },
  { name: 'infra', department: 'platform-engineering', weight: 12, projects: ['infra', 'terraform'] },
  { name: 'payments', department: 'commerce', weight: 10, projects: ['payments-core', 'billing', 'api'] },
  { name: 'growth', department: 'commerce', weight: 0, fixedSize: 4, projects: ['web', 'billing', 'docs'] },
  { name: 'security', department: 'platform-engineering', weight: 0, fixedSize: 3, projects: ['auth-service', 'infra', 'docs'] },
];

export const CLAUDE = 'claude-code';
export const GEMINI = 'gemini-cli';
export const CURSOR = 'cursor';
export type SeedTool = typeof CLAUDE | typeof GEMINI | typeof CURSOR;

export interface SeatSpec {
  tool: SeedTool;
  /** Share of people holding this seat. */
  share: number;
  tiers: ReadonlyArray<Weighted<string>>;
  /** Negotiated monthly prices for the few seats that carry their own price. */
  negotiated: Readonly<Record<string, string>>;
  /** How much of an active holder's usage goes to this tool, relative to the others. */
  usageWeight: number;
}

export const SEATS: readonly SeatSpec[] = [
  {
    tool: CLAUDE,
    share: 0.85,
    tiers: [
      { value: 'pro', weight: 8 },
      { value: 'max_5x', weight: 12 },
      { value: 'max_20x', weight: 5 },
      { value: 'team_standard', weight: 28 },
      { value: 'team_premium', weight: 20 },
      { value: 'enterprise', weight: 22 },
      { value: 'api', weight: 5 },
    ],
    negotiated: { pro: '17.00', max_5x: '90.00', max_20x: '180.00', team_standard: '25.00', team_premium: '120.00', enterprise: '55.00', api: '0.00' },
    usageWeight: 1,
  },
  {
    tool: CURSOR,
    share: 0.3,
    tiers: [
      { value: 'pro', weight: 25 },
      { value: 'business', weight: 65 },
      { value: 'enterprise', weight: 10 },
    ],
    negotiated: { pro: '16.00', business: '32.00', enterprise: '36.00' },
    usageWeight: 0.5,
  },
  {
    tool: GEMINI,
    share: 0.2,
    tiers: [
      { value: 'standard', weight: 70 },
      { value: 'enterprise', weight: 30 },
    ],
    negotiated: { standard: '19.00', enterprise: '45.00' },
    usageWeight: 0.45,
  },
];

export interface ModelPrice {
  /** USD per million tokens. */
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.31, cacheWrite: 0 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.075, cacheWrite: 0 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
  'claude-4.5-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-4.1-opus': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
};

export const CLAUDE_TOOLS: ReadonlyArray<Weighted<string>> = [
  { value: 'Read', weight: 24 },
  { value: 'Bash', weight: 20 },
  { value: 'Edit', weight: 18 },
  { value: 'Grep', weight: 10 },
  { value: 'TodoWrite', weight: 8 },
  { value: 'Glob', weight: 6 },
  { value: 'Write', weight: 6 },
  { value: 'WebFetch', weight: 3 },
  { value: 'mcp__github__create_pr', weight: 1 },
];

export const GEMINI_TOOLS: ReadonlyArray<Weighted<string>> = [
  { value: 'read_file', weight: 30 },
  { value: 'run_shell_command', weight: 25 },
  { value: 'replace', weight: 20 },
  { value: 'write_file', weight: 10 },
  { value: 'google_web_search', weight: 5 },
];

/** Tool calls that change files, and so may be followed by a `lines_changed` event. */
export const EDITING_TOOLS: ReadonlySet<string> = new Set(['Edit', 'Write', 'write_file', 'replace']);

export const CURSOR_MODELS: ReadonlyArray<Weighted<string>> = [
  { value: 'claude-4.5-sonnet', weight: 45 },
  { value: 'gpt-5', weight: 40 },
  { value: 'claude-4.1-opus', weight: 8 },
  { value: 'gemini-2.5-pro', weight: 7 },
];

/** Local-hour activity shape of a weekday: the working day, with a dip at lunch. */
export const WEEKDAY_HOURS = [
  0.15, 0.08, 0.04, 0.03, 0.03, 0.08, 0.3, 0.9, 2.6, 6, 8, 8.5, 5, 7, 8.5, 8.5, 7.5, 5.5, 3, 1.8, 1.5, 1.2, 0.7, 0.35,
] as const;

/** Weekends: late starts, spread over the afternoon and evening. */
export const WEEKEND_HOURS = [
  0.4, 0.25, 0.1, 0.05, 0.05, 0.05, 0.1, 0.2, 0.5, 1, 1.6, 2, 2, 2.2, 2.4, 2.4, 2.2, 2, 1.8, 1.8, 1.6, 1.3, 0.9, 0.6,
] as const;
