import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { getPriceList, importRoster, setPrices } from '../adapters/postgres/roster-store.ts';
import { parseRosterCsv, parseRosterJson, type Roster } from '../domain/roster/parse-roster.ts';
import { isSeatTool, priceProblem, tierProblem, toolProblem } from '../domain/roster/seat-fields.ts';
import { CliOutcome, requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const ROSTER_HELP = `  uptake admin roster import <roster.csv|roster.json> --org <orgId>
      Adds or updates people and their licenses, one row per license (header
      email,name,team,department,tool,tier,seat_cost_usd,assigned_on). Prints
      {"people":{"created","updated"},"licenses":{"created","updated"},"errors":[{"line","message"}]};
      exit code 1 when some rows were rejected (the valid rows are imported all the same).
  uptake admin prices show --org <orgId>
      Prints the monthly seat prices: the built-in ones and the org's own.
  uptake admin prices set --org <orgId> --tool cursor --tier business --price 40
      Sets the org's monthly seat price (USD) for a tool and tier.
`;

/** Far above any valid 50,000-row roster (rows hold at most ~1.3 kB). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

async function readRosterFile(file: string): Promise<Roster> {
  const format = extname(file).toLowerCase();
  if (format !== '.csv' && format !== '.json') throw new UsageError(`"${file}" must be a .csv or .json file.`);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`No file "${file}".`);
  if (info.size > MAX_FILE_BYTES) throw new UsageError(`"${file}" is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB: split it.`);
  const text = await readFile(file, 'utf8');
  if (format === '.csv') return parseRosterCsv(text);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`"${file}" is not valid JSON (${(error as Error).message}).`);
  }
  const rows = Array.isArray(value) ? value : (value as { people?: unknown } | null)?.people;
  if (!Array.isArray(rows)) throw new UsageError(`"${file}" must hold an array of people, [{"email": …, "tool": …}, …], or {"people": [...]}.`);
  return parseRosterJson(rows);
}

async function rosterImport(args: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { org: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return ROSTER_HELP;
  const orgId = requireOrgId(values.org);
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('Give one roster file: `uptake admin roster import roster.csv --org <orgId>`.');
  const roster = await readRosterFile(file);
  const counts = await withOrg(orgId, (db) => importRoster(db, orgId, roster));
  return new CliOutcome({ ...counts, errors: roster.errors }, roster.errors.length > 0 ? 1 : 0);
}

async function pricesShow(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return ROSTER_HELP;
  const orgId = requireOrgId(values.org);
  return { prices: await withOrg(orgId, (db) => getPriceList(db, orgId)) };
}

async function pricesSet(args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: { org: { type: 'string' }, tool: { type: 'string' }, tier: { type: 'string' }, price: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return ROSTER_HELP;
  const orgId = requireOrgId(values.org);
  const tool = values.tool?.trim().toLowerCase() ?? '';
  const tier = values.tier?.trim().toLowerCase() ?? '';
  if (!tool || !tier || values.price === undefined) throw new UsageError('--tool, --tier and --price are required, e.g. `--tool cursor --tier business --price 40`.');
  if (!isSeatTool(tool)) throw new UsageError(`${toolProblem(tool, '--tool')}.`);
  const badTier = tierProblem(tool, tier, '--tier');
  if (badTier) throw new UsageError(`${badTier}.`);
  const price = /^\d+(\.\d+)?$/.test(values.price.trim()) ? Math.round(Number(values.price) * 100) / 100 : Number.NaN;
  const badPrice = priceProblem(price, '--price');
  if (badPrice) throw new UsageError(`${badPrice}; "${values.price}" is not.`);
  await withOrg(orgId, (db) => setPrices(db, orgId, [{ tool, tier, monthlyPriceUsd: price }]));
  return { tool, tier, monthlyPriceUsd: price, source: 'org' };
}

export const ROSTER_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin roster import': rosterImport,
  'admin prices show': pricesShow,
  'admin prices set': pricesSet,
};
