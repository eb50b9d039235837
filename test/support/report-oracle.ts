import { addDays, localDate, localParts, type ApiEv, type Dataset, type RosterLicense } from './report-dataset.ts';
import {
  add, buckets, changeOf, DEPTH, familyOf, FREQ, inWin, isActivity, previousWindow, ratio, SEAT_PRICES, seatDays, tokenTotal, workflowOf, WORKFLOW_NAMES,
  type Ev, type Query, type Sess,
} from './report-oracle-basics.ts';
import { cursorBlock } from './report-oracle-cursor.ts';
import { underutilizedView, valueView } from './report-oracle-seats.ts';

// An independent, deliberately naive calculation of every report number straight from the event list and the
// roster, following docs/metrics.md literally. It must never import src/domain/metrics. Periods, prices and
// buckets are in report-oracle-basics.ts; the seat-based views (value, underutilized) in report-oracle-seats.ts;
// what a Cursor sync adds (events, seats, the usage report's `cursor` block) in report-oracle-cursor.ts.

export { changeOf, dayWindow, previousWindow, windowFor, WORKFLOW_NAMES, type Query, type Win } from './report-oracle-basics.ts';

type Grouping = 'team' | 'department' | 'organization';

export class Oracle {
  readonly evs: Ev[];
  readonly sessions: Sess[];
  readonly roster: Map<string, { team: string | null; department: string | null; name: string }>;
  /** docs/metrics.md: a person's organization is the `organization.name` they sent on the latest (org-zone) day they sent one, the first by name if several */
  readonly organizations: Map<string, string>;

  constructor(readonly ds: Dataset) {
    const raw = ds.events.map((e) => ({ e, ms: Date.parse(e.occurredAt) })).sort((a, b) => a.ms - b.ms);
    const personOf = (e: ApiEv) => (e.email ? e.email.trim().toLowerCase() : e.identity ? `id:${e.identity}` : null);
    const sessions = new Map<string, Sess>();
    for (const { e, ms } of raw) {
      if (!e.sessionId) continue;
      const key = `${e.tool}|${e.sessionId}`;
      let s = sessions.get(key);
      if (!s) {
        s = { key, tool: e.tool, person: personOf(e), model: '', project: e.project ?? '', startMs: ms, tokens: 0 };
        sessions.set(key, s);
      }
      if (s.person === null) s.person = personOf(e);
      if (!s.model && e.kind === 'api_request' && e.model) s.model = e.model;
      s.tokens += tokenTotal(e);
    }
    this.sessions = [...sessions.values()];
    this.evs = raw.map(({ e, ms }) => {
      const sess = e.sessionId ? (sessions.get(`${e.tool}|${e.sessionId}`) as Sess) : null;
      return { ...e, ms, person: personOf(e), sess, effModel: e.model ?? sess?.model ?? '', total: tokenTotal(e) };
    });
    this.roster = new Map(ds.people.map((p) => [p.email.toLowerCase(), { team: p.team, department: p.department, name: p.name }]));
    const latest = new Map<string, { day: string; organization: string }>();
    for (const e of this.evs) {
      const organization = e.attributes?.['organization.name'];
      if (!organization || e.person === null) continue;
      const day = localDate(ds.tz, e.ms);
      const known = latest.get(e.person);
      if (!known || day > known.day || (day === known.day && organization < known.organization)) latest.set(e.person, { day, organization });
    }
    this.organizations = new Map([...latest].map(([person, l]) => [person, l.organization]));
  }

  /** The group of a person by team, department (the roster's) or organization (what they sent). */
  groupOf(grouping: Grouping, person: string): string {
    if (grouping === 'organization') return this.organizations.get(person) ?? '(no organization)';
    return this.roster.get(person)?.[grouping] ?? `(no ${grouping})`;
  }

  teamOf(person: string): string {
    return this.roster.get(person)?.team ?? '(no team)';
  }

  private evPass(e: Ev, q: Query): boolean {
    if (q.persons && (e.person === null || !q.persons.has(e.person))) return false;
    if (q.tool && e.tool !== q.tool) return false;
    if (q.model && !e.effModel.toLowerCase().includes(q.model.toLowerCase())) return false;
    if (q.project && (e.project ?? '').toLowerCase() !== q.project.toLowerCase()) return false;
    return true;
  }

  private sessPass(s: Sess, q: Query): boolean {
    if (q.persons && (s.person === null || !q.persons.has(s.person))) return false;
    if (q.tool && s.tool !== q.tool) return false;
    if (q.model && !s.model.toLowerCase().includes(q.model.toLowerCase())) return false;
    if (q.project && s.project.toLowerCase() !== q.project.toLowerCase()) return false;
    return true;
  }

  /** First ever activity (prompt or model request) of a person, with the tool when given; model and project do not matter. */
  firstActivity(person: string, tool: string | null): number | null {
    const e = this.evs.find((x) => x.person === person && isActivity(x) && (!tool || x.tool === tool));
    return e ? e.ms : null;
  }

  /** Last activity date in the org's zone, any tool. */
  lastActive(person: string): string | null {
    const acts = this.evs.filter((x) => x.person === person && isActivity(x));
    return acts.length === 0 ? null : localDate(this.ds.tz, (acts[acts.length - 1] as Ev).ms);
  }

  seatPrice(l: RosterLicense): number {
    if (l.price !== null) return l.price;
    return this.ds.priceList.find((p) => p.tool === l.tool && p.tier === l.tier)?.price ?? SEAT_PRICES[l.tool]?.[l.tier] ?? 0;
  }

  private memo = new Map<string, ReturnType<Oracle['computeFacts']>>();

  facts(q: Query): ReturnType<Oracle['computeFacts']> {
    const key = JSON.stringify([q.win, q.persons ? [...q.persons].sort() : null, q.tool, q.model, q.project]);
    let f = this.memo.get(key);
    if (!f) {
      f = this.computeFacts(q);
      this.memo.set(key, f);
    }
    return f;
  }

  private computeFacts(q: Query) {
    const evs = this.evs.filter((e) => inWin(q.win, e.ms) && this.evPass(e, q));
    const active = new Set<string>();
    const activeDays = new Map<string, Set<string>>();
    const activity = new Map<string, number>();
    const personTokens = new Map<string, number>();
    const tokens = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
    const workflows = new Map<string, number>();
    const modelWorkflow = new Map<string, number>();
    const byModel = new Map<string, { label: string; modelIds: Set<string>; requests: number; tokens: number }>();
    const familyEntry = (model: string) => {
      const { family, label } = familyOf(model);
      const m = byModel.get(family) ?? { label, modelIds: new Set<string>(), requests: 0, tokens: 0 };
      if (model) m.modelIds.add(model);
      byModel.set(family, m);
      return m;
    };
    const perTool = new Map<string, { active: Set<string>; sessions: number; tokens: number }>();
    const peak = new Map<string, number>();
    let prompts = 0, requests = 0, costUsd = 0, linesAdded = 0, linesRemoved = 0, activeSeconds = 0;
    const toolEntry = (tool: string) => {
      const t = perTool.get(tool) ?? { active: new Set<string>(), sessions: 0, tokens: 0 };
      perTool.set(tool, t);
      return t;
    };
    for (const e of evs) {
      toolEntry(e.tool);
      if (e.effModel) familyEntry(e.effModel); // the family's raw ids: those of any of its events in the period
      if (isActivity(e)) {
        const lp = localParts(q.win.tz, e.ms);
        add(peak, `${lp.weekday}|${lp.hour}`, 1);
        if (e.person) {
          active.add(e.person);
          const set = activeDays.get(e.person) ?? new Set<string>();
          set.add(lp.date);
          activeDays.set(e.person, set);
          add(activity, e.person, 1);
          toolEntry(e.tool).active.add(e.person);
        }
      }
      if (e.kind === 'user_prompt') prompts++;
      if (e.kind === 'api_request') {
        requests++;
        const t = e.tokens ?? { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
        tokens.input += t.input;
        tokens.output += t.output;
        tokens.cacheRead += t.cacheRead;
        tokens.cacheCreation += t.cacheCreation;
        if (e.person) add(personTokens, e.person, e.total);
        toolEntry(e.tool).tokens += e.total;
        const m = familyEntry(e.effModel);
        m.requests++;
        m.tokens += e.total;
      }
      if (e.kind === 'tool_result') {
        add(workflows, workflowOf(e), 1);
        add(modelWorkflow, `${familyOf(e.effModel).family}|${workflowOf(e)}`, 1);
      }
      costUsd += e.costUsd ?? 0;
      linesAdded += e.linesAdded ?? 0;
      linesRemoved += e.linesRemoved ?? 0;
      if (e.kind === 'active_time') activeSeconds += e.quantity ?? 0;
    }
    const sessions = this.sessions.filter((s) => inWin(q.win, s.startMs) && this.sessPass(s, q));
    const personSessions = new Map<string, number>();
    const personSessionTokens = new Map<string, number>();
    for (const s of sessions) {
      toolEntry(s.tool).sessions++;
      if (s.person) {
        add(personSessions, s.person, 1);
        add(personSessionTokens, s.person, s.tokens);
      }
    }
    const seats = this.ds.licenses.filter((l) => seatDays(l, q.win) > 0 && (!q.persons || q.persons.has(l.email)) && (!q.tool || l.tool === q.tool));
    const usedTools = new Set(perTool.keys());
    for (const l of seats) toolEntry(l.tool);
    const licensed = new Set(seats.map((l) => l.email));
    const activeLicensed = new Set([...licensed].filter((p) => active.has(p)));
    const sessionTokens = sessions.reduce((a, s) => a + s.tokens, 0);
    const totalTokens = tokens.input + tokens.output;
    return {
      q, evs, active, activeDays, activity, personTokens, tokens, totalTokens,
      prompts, requests, costUsd, linesAdded, linesRemoved, activeSeconds, workflows, modelWorkflow, byModel, perTool, peak,
      usedTools, sessions, sessionTokens, personSessions, personSessionTokens, seats, licensed, activeLicensed,
      // docs: Tokens per session = Tokens ÷ Sessions; Session depth = tokens of the sessions started ÷ those sessions
      tokensPerSession: ratio(totalTokens, sessions.length),
      sessionDepth: ratio(sessionTokens, sessions.length),
    };
  }

  /**
   * docs: Sessions per user = sessions of active people ÷ active people who used a tool that records sessions in
   * the period (with the same filters). `people` narrows both sides (a team); `tool` counts one tool's sessions and
   * the people active with it (the usage report's per-tool figure).
   */
  sessionsPerUser(f: ReturnType<Oracle['facts']>, people: Set<string> | null = null, tool: string | null = null): number | null {
    const inScope = (p: string | null): p is string => p !== null && (!people || people.has(p));
    const sessions = f.sessions.filter((s) => !tool || s.tool === tool);
    const active = tool ? (f.perTool.get(tool)?.active ?? new Set<string>()) : f.active;
    const activePeople = [...active].filter(inScope);
    // a tool records sessions when it has any in scope, anonymous ones included
    const sessionTools = new Set(sessions.filter((s) => !people || inScope(s.person)).map((s) => s.tool));
    const withSessions = activePeople.filter(
      (p) => sessions.some((s) => s.person === p) || [...sessionTools].some((t) => f.perTool.get(t)?.active.has(p)),
    );
    return ratio(sessions.filter((s) => s.person !== null && activePeople.includes(s.person)).length, withSessions.length);
  }

  // -------------------------------------------------------------------------------------------------------
  // Views. Each returns the expected values of the fields the test compares, in the API's shape.

  adoptionKeys(q: Query) {
    const f = this.facts(q);
    // docs: first days are org-zone days, compared with the period's days (in its zone; for 24h the dates of its
    // first and last instant)
    const newUsers = [...f.active].filter((p) => {
      const first = this.firstActivity(p, q.tool);
      const day = first === null ? null : localDate(this.ds.tz, first);
      return day !== null && day >= q.win.fromDay && day <= q.win.toDay;
    }).length;
    return { activeUsers: f.active.size, licensedUsers: f.licensed.size, adoptionRate: ratio(f.activeLicensed.size, f.licensed.size), newUsers };
  }

  /** Groups of the people in scope: roster members plus active unrostered people (no team or department; maybe an organization). */
  private groups(q: Query, active: Set<string>, grouping: Grouping): Map<string, Set<string>> {
    const groups = new Map<string, Set<string>>();
    const put = (group: string, p: string) => groups.set(group, (groups.get(group) ?? new Set<string>()).add(p));
    for (const p of this.ds.people) if (!q.persons || q.persons.has(p.email)) put(this.groupOf(grouping, p.email), p.email);
    for (const p of active) if (!this.roster.has(p)) put(this.groupOf(grouping, p), p);
    return groups;
  }

  /** A grouping's rows keyed by group, groups smaller than min_group_size left out at org scope and counted. */
  private grouped(q: Query, active: Set<string>, grouping: Grouping, scope: 'org' | 'user', row: (members: Set<string>) => object) {
    const rows: Record<string, object> = {};
    let hidden = 0;
    for (const [group, members] of this.groups(q, active, grouping)) {
      if (scope === 'org' && members.size < this.ds.minGroupSize) hidden++;
      else rows[group] = row(members);
    }
    return { rows, hidden };
  }

  adoption(q: Query, scope: 'org' | 'user') {
    const f = this.facts(q);
    const keys = this.adoptionKeys(q);
    const prev = this.adoptionKeys({ ...q, win: previousWindow(q.win) });
    const adoptionOf = (members: Set<string>) => {
      const licensed = [...members].filter((p) => f.licensed.has(p));
      return {
        activeUsers: [...members].filter((p) => f.active.has(p)).length,
        licensedUsers: licensed.length,
        adoptionRate: ratio(licensed.filter((p) => f.active.has(p)).length, licensed.length),
      };
    };
    const [teams, departments, organizations] = (['team', 'department', 'organization'] as const).map((g) => this.grouped(q, f.active, g, scope, adoptionOf));
    const byTool: Record<string, object> = {};
    for (const [tool, t] of f.perTool) {
      const licensed = new Set(f.seats.filter((l) => l.tool === tool).map((l) => l.email));
      byTool[tool] = { activeUsers: t.active.size, licensedUsers: licensed.size, adoptionRate: ratio([...licensed].filter((p) => t.active.has(p)).length, licensed.size) };
    }
    const daily: Record<string, number> = {};
    for (let d = q.win.fromDay; d <= q.win.toDay; d = addDays(d, 1)) daily[d] = [...f.activeDays.values()].filter((days) => days.has(d)).length;
    const unrostered = [...f.active].filter((p) => !this.roster.has(p)).sort();
    const before = this.facts({ ...q, win: previousWindow(q.win) }).active;
    const cohorts = { new: 0, activated: 0, retained: 0, reactivated: 0, lapsed: [...before].filter((p) => !f.active.has(p)).length };
    for (const p of f.active) {
      const first = this.firstActivity(p, q.tool);
      const firstDay = first === null ? null : localDate(this.ds.tz, first);
      if (before.has(p)) cohorts.retained++;
      else if (firstDay === null || firstDay >= q.win.fromDay) {
        cohorts.new++;
        if (f.licensed.has(p)) cohorts.activated++;
      } else cohorts.reactivated++;
    }
    const activeDayCounts = [...f.activeDays.values()].map((d) => d.size);
    return {
      ...keys,
      activeLicensedUsers: f.activeLicensed.size,
      unrosteredActiveUsers: unrostered.length,
      // docs: active users who are not licensed users (beside the adoption rate, not in it)
      activeUnlicensedUsers: [...f.active].filter((p) => !f.licensed.has(p)).length,
      averageActiveDays: ratio(activeDayCounts.reduce((a, b) => a + b, 0), activeDayCounts.length),
      frequency: buckets(activeDayCounts, FREQ),
      cohorts,
      daily,
      byTeam: teams!.rows,
      byDepartment: departments!.rows,
      byOrganization: organizations!.rows,
      byTool,
      hiddenGroups: teams!.hidden,
      hiddenDepartments: departments!.hidden,
      hiddenOrganizations: organizations!.hidden,
      previous: prev,
      change: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, changeOf(v, prev[k as keyof typeof prev])])),
      ...(scope === 'user' ? { unrostered: unrostered.map((person) => ({ person, lastActive: this.lastActive(person) })) } : {}),
    };
  }

  /** Distinct active people on the days of a week (Monday start) that fall in the period. */
  activeInWeek(q: Query, weekStart: string): number {
    const f = this.facts(q);
    const days = new Set(Array.from({ length: 7 }, (_, i) => addDays(weekStart, i)));
    return [...f.activeDays.values()].filter((d) => [...d].some((x) => days.has(x))).length;
  }

  /** docs/metrics.md "Value": every Monday-start week the period's days touch, with how many of its days are in the period. */
  weeksOf(q: Query): Array<{ weekStart: string; days: number }> {
    const weeks: Array<{ weekStart: string; days: number }> = [];
    for (let day = q.win.fromDay; day <= q.win.toDay; day = addDays(day, 1)) {
      const monday = addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
      if (weeks.at(-1)?.weekStart === monday) weeks.at(-1)!.days++;
      else weeks.push({ weekStart: monday, days: 1 });
    }
    return weeks;
  }

  /**
   * The trajectory over whole weeks' active users: "too-early" with fewer than 4 whole weeks or fewer than 3 with
   * anyone active; else the least-squares slope against +-2% of the mean.
   */
  trajectory(q: Query): { direction: string; slopePerWeek: number } {
    const ys = this.weeksOf(q).filter((w) => w.days === 7).map((w) => this.activeInWeek(q, w.weekStart));
    const n = ys.length;
    const mx = (n - 1) / 2;
    const my = ys.reduce((a, y) => a + y, 0) / Math.max(n, 1);
    const den = ys.reduce((a, _y, x) => a + (x - mx) ** 2, 0);
    const slopePerWeek = n < 2 ? 0 : ys.reduce((a, y, x) => a + (x - mx) * (y - my), 0) / den;
    const tooEarly = n < 4 || ys.filter((y) => y > 0).length < 3;
    const direction = tooEarly ? 'too-early' : slopePerWeek > 0.02 * my ? 'growing' : slopePerWeek < -0.02 * my ? 'declining' : 'flat';
    return { direction, slopePerWeek };
  }

  usageKeys(q: Query) {
    const f = this.facts(q);
    return {
      activeUsers: f.active.size,
      totalSessions: f.sessions.length,
      sessionsPerUser: this.sessionsPerUser(f),
      totalTokens: f.totalTokens,
      tokensPerSession: f.tokensPerSession,
    };
  }

  usage(q: Query) {
    const f = this.facts(q);
    const keys = this.usageKeys(q);
    const prev = this.usageKeys({ ...q, win: previousWindow(q.win) });
    const allCalls = [...f.workflows.values()].reduce((a, b) => a + b, 0);
    const tools: Record<string, object> = {};
    for (const [tool, t] of f.perTool) {
      if (f.usedTools.has(tool)) tools[tool] = { activeUsers: t.active.size, sessions: t.sessions, sessionsPerUser: this.sessionsPerUser(f, null, tool), tokens: t.tokens };
    }
    return {
      ...keys,
      tokens: f.tokens,
      prompts: f.prompts,
      requests: f.requests,
      costUsd: f.costUsd,
      linesAdded: f.linesAdded,
      linesRemoved: f.linesRemoved,
      activeHours: f.activeSeconds / 3600,
      sessionDepth: buckets(f.sessions.map((s) => s.tokens), DEPTH),
      workflows: WORKFLOW_NAMES.map((workflow) => ({ workflow, toolCalls: f.workflows.get(workflow) ?? 0, share: allCalls === 0 ? 0 : (f.workflows.get(workflow) ?? 0) / allCalls })),
      tools,
      peakActivity: Object.fromEntries([...f.peak].map(([k, count]) => [k, count])),
      cursor: cursorBlock(this.ds.cursorDays ?? [], q),
      previous: prev,
      change: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, changeOf(v, prev[k as keyof typeof prev])])),
    };
  }

  leaderboardKeys(q: Query) {
    const f = this.facts(q);
    return { activeUsers: f.active.size, totalSessions: f.sessions.length, totalTokens: f.totalTokens };
  }

  personRow(f: ReturnType<Oracle['facts']>, person: string) {
    return { person, name: this.roster.get(person)?.name ?? null, team: this.roster.get(person)?.team ?? null, sessions: f.personSessions.get(person) ?? 0, tokens: f.personTokens.get(person) ?? 0 };
  }

  leaderboard(q: Query, scope: 'org' | 'user') {
    const f = this.facts(q);
    const keys = this.leaderboardKeys(q);
    const prev = this.leaderboardKeys({ ...q, win: previousWindow(q.win) });
    const usageOf = (members: Set<string>) => {
      const active = new Set([...members].filter((p) => f.active.has(p)));
      const sessions = f.sessions.filter((s) => s.person !== null && active.has(s.person)).length;
      const tokens = [...members].reduce((a, p) => a + (f.personTokens.get(p) ?? 0), 0);
      return {
        activeUsers: active.size,
        sessions,
        tokens,
        sessionsPerUser: this.sessionsPerUser(f, members),
        // docs: tokens per session = Tokens ÷ Sessions over the same people
        tokensPerSession: ratio(tokens, sessions),
      };
    };
    const [teams, departments, organizations] = (['team', 'department', 'organization'] as const).map((g) => this.grouped(q, f.active, g, scope, usageOf));
    return {
      ...keys,
      teams: teams!.rows,
      departments: departments!.rows,
      organizations: organizations!.rows,
      hiddenGroups: teams!.hidden,
      hiddenDepartments: departments!.hidden,
      hiddenOrganizations: organizations!.hidden,
      people: [...f.active].map((p) => this.personRow(f, p)),
      previous: prev,
      change: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, changeOf(v, prev[k as keyof typeof prev])])),
    };
  }

  modelsKeys(q: Query) {
    const f = this.facts(q);
    return { totalRequests: f.requests, totalTokens: f.totalTokens };
  }

  models(q: Query) {
    const f = this.facts(q);
    const keys = this.modelsKeys(q);
    const prev = this.modelsKeys({ ...q, win: previousWindow(q.win) });
    const allRequests = [...f.byModel.values()].reduce((a, m) => a + m.requests, 0);
    const allTokens = [...f.byModel.values()].reduce((a, m) => a + m.tokens, 0);
    const byModel: Record<string, object> = {};
    for (const [family, m] of f.byModel) {
      if (m.requests === 0 && m.tokens === 0) continue;
      byModel[family] = { label: m.label, modelIds: [...m.modelIds].sort(), requests: m.requests, tokens: m.tokens, requestShare: m.requests / allRequests, tokenShare: allTokens === 0 ? 0 : m.tokens / allTokens };
    }
    return {
      ...keys,
      byModel,
      modelWorkflow: Object.fromEntries(f.modelWorkflow),
      previous: prev,
      change: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, changeOf(v, prev[k as keyof typeof prev])])),
    };
  }

  value(q: Query) {
    return valueView(this, q);
  }

  underutilized(q: Query, scope: 'org' | 'user') {
    return underutilizedView(this, q, scope);
  }
}
