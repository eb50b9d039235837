import { addDays, type RosterLicense } from './report-dataset.ts';
import { apiUsdOf, changeOf, isActivity, previousWindow, ratio, seatDays, type Query } from './report-oracle-basics.ts';
import type { Oracle } from './report-oracle.ts';

// The seat-based views of the oracle, value and underutilized, following docs/metrics.md ("Value",
// "Underutilized seats") literally.

type Facts = ReturnType<Oracle['facts']>;

/**
 * "API-equivalent value per tier counts a person's usage of a tool against their seat for that tool (the most
 * recently assigned one when they had several in the period); the top-level apiEquivalentUsd is the sum over seats."
 * Models without a known price are left out and their tokens (of the same usage) reported as unpricedTokens.
 */
function seatValue(f: Facts) {
  const owner = new Map<string, RosterLicense>();
  for (const l of f.seats) {
    const known = owner.get(`${l.email}|${l.tool}`);
    if (!known || l.validFrom > known.validFrom) owner.set(`${l.email}|${l.tool}`, l);
  }
  const byTier = new Map<string, number>();
  let usd = 0;
  let unpriced = 0;
  for (const e of f.evs) {
    if (e.kind !== 'api_request' || e.person === null) continue;
    const seat = owner.get(`${e.person}|${e.tool}`);
    if (!seat) continue;
    const v = apiUsdOf(e);
    if (v === null) {
      unpriced += e.total;
      continue;
    }
    usd += v;
    byTier.set(`${seat.tool}|${seat.tier}`, (byTier.get(`${seat.tool}|${seat.tier}`) ?? 0) + v);
  }
  return { usd, unpriced, byTier };
}

function valueKeys(o: Oracle, q: Query) {
  const f = o.facts(q);
  const cost = f.seats.reduce((a, l) => a + (o.seatPrice(l) * seatDays(l, q.win)) / 30, 0);
  return { subscriptionCostUsd: cost, costPerActiveUser: ratio(cost, f.activeLicensed.size), apiEquivalentUsd: seatValue(f).usd, activeLicensedUsers: f.activeLicensed.size };
}

export function valueView(o: Oracle, q: Query) {
  const f = o.facts(q);
  const keys = valueKeys(o, q);
  const prev = valueKeys(o, { ...q, win: previousWindow(q.win) });
  const value = seatValue(f);
  const licensedTokens = [...f.licensed].reduce((a, p) => a + (f.personTokens.get(p) ?? 0), 0);
  const licensedSessions = f.sessions.filter((s) => s.person !== null && f.licensed.has(s.person)).length;
  const byTier: Record<string, { seats: number; subscriptionCostUsd: number; apiEquivalentUsd: number }> = {};
  for (const l of f.seats) {
    const key = `${l.tool}|${l.tier}`;
    const t = byTier[key] ?? { seats: 0, subscriptionCostUsd: 0, apiEquivalentUsd: value.byTier.get(key) ?? 0 };
    t.seats++;
    t.subscriptionCostUsd += (o.seatPrice(l) * seatDays(l, q.win)) / 30;
    byTier[key] = t;
  }
  return {
    ...keys,
    tokensPerDollar: ratio(licensedTokens, keys.subscriptionCostUsd),
    sessionsPerDollar: ratio(licensedSessions, keys.subscriptionCostUsd),
    unpricedTokens: value.unpriced,
    byTier,
    previous: prev,
    change: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, changeOf(v, prev[k as keyof typeof prev])])),
  };
}

/**
 * Zero-session seats: seats whose person had no session (started in the period), prompt or model request with the
 * seat's tool in the period; unused seats assigned within the grace period before the period's end are apart.
 */
function seatStates(o: Oracle, q: Query) {
  const f = o.facts(q);
  const graceFrom = addDays(q.win.toDay, -(o.ds.graceDays - 1));
  const used = new Set([
    ...f.sessions.flatMap((s) => (s.person ? [`${s.person}|${s.tool}`] : [])),
    ...f.evs.flatMap((e) => (e.person && isActivity(e) ? [`${e.person}|${e.tool}`] : [])),
  ]);
  const unused = f.seats.filter((l) => !used.has(`${l.email}|${l.tool}`));
  return { idle: unused.filter((l) => l.validFrom < graceFrom), grace: unused.filter((l) => l.validFrom >= graceFrom) };
}

/** Active in the previous period, and prompts + requests fell by more than half. */
function declining(o: Oracle, q: Query) {
  const cur = o.facts(q);
  const prev = o.facts({ ...q, win: previousWindow(q.win) });
  return [...prev.active]
    .map((person) => ({ person, activity: cur.activity.get(person) ?? 0, previousActivity: prev.activity.get(person) ?? 0 }))
    .filter((x) => x.activity < x.previousActivity / 2);
}

/** Active people whose sessions started in the period hold under a quarter of the org's tokens per session (session tokens). */
function shallow(o: Oracle, q: Query) {
  const f = o.facts(q);
  const org = f.sessionDepth;
  if (org === null) return [];
  return [...f.active]
    .filter((p) => (f.personSessions.get(p) ?? 0) > 0)
    .map((person) => ({ person, sessions: f.personSessions.get(person) as number, tokensPerSession: (f.personSessionTokens.get(person) ?? 0) / (f.personSessions.get(person) as number) }))
    .filter((x) => x.tokensPerSession < org / 4);
}

export function underutilizedView(o: Oracle, q: Query, scope: 'org' | 'user') {
  const seats = seatStates(o, q);
  const decl = declining(o, q);
  const shal = shallow(o, q);
  const prevQ = { ...q, win: previousWindow(q.win) };
  const keys = { zeroSessionSeats: seats.idle.length, decliningUsers: decl.length, shallowUsers: shal.length };
  const prev = { zeroSessionSeats: seatStates(o, prevQ).idle.length, decliningUsers: declining(o, prevQ).length, shallowUsers: shallow(o, prevQ).length };
  const who = (person: string) => ({ name: o.roster.get(person)?.name ?? null, team: o.roster.get(person)?.team ?? null, lastActive: o.lastActive(person) });
  const seatRow = (l: RosterLicense) => ({ person: l.email, ...who(l.email), tool: l.tool, tier: l.tier, assignedOn: l.validFrom, monthlyCostUsd: o.seatPrice(l) });
  const byKey = (a: { person: string; tool?: string }, b: { person: string; tool?: string }) => `${a.person}|${a.tool ?? ''}`.localeCompare(`${b.person}|${b.tool ?? ''}`);
  return {
    ...keys,
    seatsInGracePeriod: seats.grace.length,
    gracePeriodDays: o.ds.graceDays,
    previous: prev,
    change: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, changeOf(v, prev[k as keyof typeof prev])])),
    ...(scope === 'user'
      ? {
          idleSeats: seats.idle.map(seatRow).sort(byKey),
          graceSeats: seats.grace.map(seatRow).sort(byKey),
          declining: decl.map((d) => ({ ...d, ...who(d.person) })).sort(byKey),
          shallow: shal.map((s) => ({ ...s, ...who(s.person) })).sort(byKey),
        }
      : {}),
  };
}
