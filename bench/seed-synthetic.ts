// `npm run seed:synthetic -- --people 1000 --days 90 --events 10000000 [--database-url URL] [--org-name NAME]
//      [--time-zone Europe/Berlin] [--seed 42] [--end 2026-11-24] [--copy-streams 2]`
//
// Creates a synthetic org straight in Postgres: a roster with teams and departments, seats for Claude Code,
// Cursor and Gemini CLI, and exactly `--events` usage events over the `--days` days ending on `--end`
// (default today in the org's zone), loaded with COPY. Everything but the org id and keys follows from
// `--seed`. The org has idle seats, seats assigned in the last week, unrostered users, a declining group,
// shallow users and Opus gaining on Sonnet. The days that received events are marked in rollup_dirty_days
// for the rollup worker. Prints {orgId, adminKey, readKey, events, people, seconds} as JSON; progress goes
// to stderr. DATABASE_URL is used when --database-url is absent.

import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createApiKey } from '../src/adapters/postgres/api-key-store.ts';
import { createDb, type Db } from '../src/adapters/postgres/database.ts';
import { migrateToLatest } from '../src/adapters/postgres/migrator.ts';
import { createOrg } from '../src/adapters/postgres/org-store.ts';
import { loadConfig } from '../src/config.ts';
import { Calendar, isValidDate, isValidTimeZone, todayIn } from './seed/calendar.ts';
import { copyEvents, CopyRowWriter } from './seed/copy-rows.ts';
import { eventChunks } from './seed/generate.ts';
import { Rng } from './seed/random.ts';
import { buildRoster, type SeedLicense, type SeedPerson } from './seed/roster.ts';

export interface SeedOptions {
  /** URL of the database `db` talks to: the COPY connections open it. */
  databaseUrl: string;
  people: number;
  days: number;
  events: number;
  orgName?: string;
  timeZone?: string;
  seed?: number;
  /** Last day of the period, YYYY-MM-DD in the org's zone; default today. */
  end?: string;
  /** Events never lie after this instant; default the current time. */
  now?: Date;
  /** Parallel COPY connections; default 2. */
  copyStreams?: number;
  log?: (line: string) => void;
}

export interface SeedResult {
  orgId: string;
  adminKey: string;
  readKey: string;
  events: number;
  people: number;
  unrostered: number;
  licenses: number;
  idleSeats: number;
  dirtyDays: number;
  seconds: number;
}

function validate(options: SeedOptions): void {
  for (const name of ['people', 'days', 'events', 'copyStreams'] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) throw new RangeError(`${name} must be a positive integer`);
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new RangeError('seed must be an integer');
  if (options.timeZone !== undefined && !isValidTimeZone(options.timeZone)) throw new RangeError(`"${options.timeZone}" is not an IANA time zone`);
  if (options.end !== undefined && !isValidDate(options.end)) throw new RangeError(`end "${options.end}" is not a YYYY-MM-DD date`);
}

async function insertPeople(db: Db, orgId: string, people: SeedPerson[]): Promise<void> {
  for (let at = 0; at < people.length; at += 1000) {
    const rows = people.slice(at, at + 1000).map((p) => ({
      org_id: orgId,
      person_id: p.personId,
      email: p.email,
      display_name: p.displayName,
      team: p.team,
      department: p.department,
    }));
    await db.insertInto('people').values(rows).execute();
  }
}

async function insertLicenses(db: Db, orgId: string, licenses: SeedLicense[]): Promise<void> {
  if (licenses.length === 0) return;
  const column = <T>(pick: (l: SeedLicense) => T): T[] => licenses.map(pick);
  await sql`
    INSERT INTO licenses (org_id, license_id, person_id, tool, tier, monthly_price_usd, valid_from, valid_to)
    SELECT ${orgId}::uuid, * FROM unnest(
      ${column((l) => l.licenseId)}::uuid[], ${column((l) => l.personId)}::uuid[], ${column((l) => l.tool)}::text[],
      ${column((l) => l.tier)}::text[], ${column((l) => l.monthlyPriceUsd)}::numeric[], ${column((l) => l.validFrom)}::date[],
      ${column((l) => l.validTo)}::date[])`.execute(db);
}

async function markDirtyDays(db: Db, orgId: string, days: string[]): Promise<void> {
  await sql`
    INSERT INTO rollup_dirty_days (org_id, day) SELECT ${orgId}::uuid, unnest(${days}::date[])
    ON CONFLICT (org_id, day) DO NOTHING`.execute(db);
  // Statistics for the freshly loaded tables, as autovacuum would gather a minute later.
  for (const table of ['people', 'licenses', 'events']) await sql`ANALYZE ${sql.table(table)}`.execute(db);
}

/** Creates a synthetic org with its roster, seats and exactly `options.events` events; see the file header. */
export async function seedSyntheticOrg(db: Db, options: SeedOptions): Promise<SeedResult> {
  validate(options);
  const started = performance.now();
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 42;
  const timeZone = options.timeZone ?? 'UTC';
  const now = options.now ?? new Date();
  const calendar = new Calendar(timeZone, options.end ?? todayIn(timeZone, now), options.days, now);
  const rng = new Rng(seed);
  const roster = buildRoster(rng.fork('roster'), options.people, calendar);

  const { orgId } = await createOrg(db, { name: options.orgName ?? 'acme-synthetic', timeZone });
  const admin = await createApiKey(db, { orgId, scopes: ['admin'], name: 'admin (synthetic seed)' });
  const read = await createApiKey(db, { orgId, scopes: ['read'], name: 'read (synthetic seed)' });
  await insertPeople(db, orgId, roster.people);
  await insertLicenses(db, orgId, roster.licenses);
  log(`org ${orgId}: ${roster.people.length} people, ${roster.licenses.length} seats (${roster.idleSeatCount} idle), ${roster.unrosteredCount} unrostered`);

  const writer = new CopyRowWriter(orgId, seed, calendar, rng.fork('received'));
  const chunks = eventChunks({
    rng: rng.fork('events'),
    calendar,
    actors: roster.actors,
    events: options.events,
    writer,
    onProgress: (rows) => log(`${rows.toLocaleString('en-US')} events after ${((performance.now() - started) / 1000).toFixed(1)} s`),
  });
  const copied = await copyEvents(options.databaseUrl, chunks, options.copyStreams ?? 2);
  if (copied !== options.events) throw new Error(`COPY stored ${copied} of ${options.events} events`);
  const days = writer.days();
  await markDirtyDays(db, orgId, days);
  await sql`ANALYZE events`.execute(db);

  return {
    orgId,
    adminKey: admin.key,
    readKey: read.key,
    events: copied,
    people: roster.people.length,
    unrostered: roster.unrosteredCount,
    licenses: roster.licenses.length,
    idleSeats: roster.idleSeatCount,
    dirtyDays: days.length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`--${name} must be a positive integer, got ${value ?? 'nothing'}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '1000' },
      days: { type: 'string', default: '90' },
      events: { type: 'string', default: '1000000' },
      'database-url': { type: 'string' },
      'org-name': { type: 'string' },
      'time-zone': { type: 'string' },
      seed: { type: 'string', default: '42' },
      end: { type: 'string' },
      'copy-streams': { type: 'string', default: '2' },
    },
    strict: true,
  });
  const databaseUrl = values['database-url'] ?? loadConfig(process.env).DATABASE_URL;
  if (!databaseUrl) throw new RangeError('Give --database-url or set DATABASE_URL.');
  const db = createDb(databaseUrl, { max: 2 });
  try {
    await migrateToLatest(db);
    const result = await seedSyntheticOrg(db, {
      databaseUrl,
      people: positiveInt('people', values.people),
      days: positiveInt('days', values.days),
      events: positiveInt('events', values.events),
      orgName: values['org-name'],
      timeZone: values['time-zone'],
      seed: Number(values.seed),
      end: values.end,
      copyStreams: positiveInt('copy-streams', values['copy-streams']),
      log: (line) => process.stderr.write(`[seed] ${line}\n`),
    });
    const { orgId, adminKey, readKey, events, people, seconds } = result;
    process.stdout.write(`${JSON.stringify({ orgId, adminKey, readKey, events, people, seconds }, null, 2)}\n`);
  } finally {
    await db.destroy();
  }
}

function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  await main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
