import { sql } from 'kysely';
import { DEFAULT_SEAT_PRICES } from '../../domain/metrics/price-list.ts';
import type { RosterLicense, RosterPerson } from '../../domain/roster/parse-roster.ts';
import { numberArrayLiteral as n, textArrayLiteral as t } from './array-literal.ts';
import type { Db } from './database.ts';

export interface UpsertCounts {
  created: number;
  updated: number;
}

export interface RosterImportCounts {
  people: UpsertCounts;
  licenses: UpsertCounts;
}

export interface PersonWithLicenses {
  email: string;
  name: string | null;
  team: string | null;
  department: string | null;
  licenses: Array<{ tool: string; tier: string; monthlyPriceUsd: number | null; validFrom: string; validTo: string | null }>;
}

export interface PriceEntry {
  tool: string;
  tier: string;
  monthlyPriceUsd: number;
}

export interface PriceListEntry extends PriceEntry {
  source: 'default' | 'org';
}

function counts(rows: Array<{ inserted: boolean }>): UpsertCounts {
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
}

/**
 * Upserts people by email and licenses by (person, tool, valid_from) in one transaction; rows that would not
 * change are left alone, so importing the same roster again counts nothing. An empty name, team or department
 * keeps the stored value. `roster` must hold each email and each license once (the parser ensures it).
 */
export async function importRoster(
  db: Db,
  orgId: string,
  roster: { people: readonly RosterPerson[]; licenses: readonly RosterLicense[] },
): Promise<RosterImportCounts> {
  if (roster.people.length === 0) return { people: { created: 0, updated: 0 }, licenses: { created: 0, updated: 0 } };
  const p = roster.people;
  const l = roster.licenses;
  return db.transaction().execute(async (trx) => {
    // xmax = 0 marks a row this statement inserted rather than updated.
    const people = await sql<{ inserted: boolean }>`
      INSERT INTO people AS p (org_id, person_id, email, display_name, team, department)
      SELECT ${orgId}::uuid, gen_random_uuid(), r.email, r.name, r.team, r.department
      FROM unnest(${t(p.map((x) => x.email))}::text[], ${t(p.map((x) => x.name))}::text[],
                  ${t(p.map((x) => x.team))}::text[], ${t(p.map((x) => x.department))}::text[]) AS r (email, name, team, department)
      ON CONFLICT (org_id, email) DO UPDATE SET
        display_name = coalesce(excluded.display_name, p.display_name),
        team = coalesce(excluded.team, p.team),
        department = coalesce(excluded.department, p.department),
        updated_at = now()
      WHERE (p.display_name, p.team, p.department) IS DISTINCT FROM
            (coalesce(excluded.display_name, p.display_name), coalesce(excluded.team, p.team), coalesce(excluded.department, p.department))
      RETURNING (xmax = 0) AS inserted`.execute(trx);
    if (l.length === 0) return { people: counts(people.rows), licenses: { created: 0, updated: 0 } };
    const licenses = await sql<{ inserted: boolean }>`
      INSERT INTO licenses AS l (org_id, license_id, person_id, tool, tier, monthly_price_usd, valid_from)
      SELECT ${orgId}::uuid, gen_random_uuid(), p.person_id, r.tool, r.tier, r.price, r.valid_from
      FROM unnest(${t(l.map((x) => x.email))}::text[], ${t(l.map((x) => x.tool))}::text[], ${t(l.map((x) => x.tier))}::text[],
                  ${n(l.map((x) => x.monthlyPriceUsd))}::numeric[], ${t(l.map((x) => x.validFrom))}::date[]) AS r (email, tool, tier, price, valid_from)
      JOIN people p ON p.org_id = ${orgId}::uuid AND p.email = r.email
      ON CONFLICT (org_id, person_id, tool, valid_from) DO UPDATE SET tier = excluded.tier, monthly_price_usd = excluded.monthly_price_usd
      WHERE (l.tier, l.monthly_price_usd) IS DISTINCT FROM (excluded.tier, excluded.monthly_price_usd)
      RETURNING (xmax = 0) AS inserted`.execute(trx);
    return { people: counts(people.rows), licenses: counts(licenses.rows) };
  });
}

const price = (value: string | null): number | null => (value === null ? null : Number(value));

/** The org's people, by email, each with their licenses (oldest first). */
export async function listPeople(db: Db, orgId: string): Promise<PersonWithLicenses[]> {
  const [people, licenses] = await Promise.all([
    db
      .selectFrom('people')
      .select(['person_id', 'email', 'display_name', 'team', 'department'])
      .where('org_id', '=', orgId)
      .orderBy('email')
      .execute(),
    db
      .selectFrom('licenses')
      .select(['person_id', 'tool', 'tier', 'monthly_price_usd', sql<string>`valid_from::text`.as('valid_from'), sql<string | null>`valid_to::text`.as('valid_to')])
      .where('org_id', '=', orgId)
      .orderBy('valid_from')
      .orderBy('tool')
      .execute(),
  ]);
  const byPerson = new Map<string, PersonWithLicenses['licenses']>();
  for (const row of licenses) {
    const list = byPerson.get(row.person_id) ?? [];
    list.push({ tool: row.tool, tier: row.tier, monthlyPriceUsd: price(row.monthly_price_usd), validFrom: row.valid_from, validTo: row.valid_to });
    byPerson.set(row.person_id, list);
  }
  return people.map((row) => ({
    email: row.email,
    name: row.display_name,
    team: row.team,
    department: row.department,
    licenses: byPerson.get(row.person_id) ?? [],
  }));
}

/** The built-in seat prices with the org's own prices in their place. */
export async function getPriceList(db: Db, orgId: string): Promise<PriceListEntry[]> {
  const rows = await db.selectFrom('price_list').select(['tool', 'tier', 'monthly_price_usd']).where('org_id', '=', orgId).execute();
  const own = new Map(rows.map((r) => [`${r.tool}|${r.tier}`, Number(r.monthly_price_usd)]));
  const entries: PriceListEntry[] = [];
  for (const [tool, tiers] of Object.entries(DEFAULT_SEAT_PRICES)) {
    for (const [tier, defaultPrice] of Object.entries(tiers)) {
      const key = `${tool}|${tier}`;
      const orgPrice = own.get(key);
      own.delete(key);
      entries.push(orgPrice === undefined ? { tool, tier, monthlyPriceUsd: defaultPrice, source: 'default' } : { tool, tier, monthlyPriceUsd: orgPrice, source: 'org' });
    }
  }
  // (prices for tiers that are no longer built in stay visible)
  for (const [key, orgPrice] of own) {
    const [tool = '', tier = ''] = key.split('|');
    entries.push({ tool, tier, monthlyPriceUsd: orgPrice, source: 'org' });
  }
  return entries;
}

/** Sets the org's price for each (tool, tier); entries must be valid and each (tool, tier) given once. */
export async function setPrices(db: Db, orgId: string, entries: readonly PriceEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('price_list')
    .values(entries.map((e) => ({ org_id: orgId, tool: e.tool, tier: e.tier, monthly_price_usd: e.monthlyPriceUsd })))
    .onConflict((oc) =>
      oc.columns(['org_id', 'tool', 'tier']).doUpdateSet((eb) => ({ monthly_price_usd: eb.ref('excluded.monthly_price_usd'), updated_at: sql<Date>`now()` })),
    )
    .execute();
}
