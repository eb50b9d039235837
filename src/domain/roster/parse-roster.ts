import { normalizeEmail } from '../events/identity.ts';
import { parseCsv } from './csv.ts';
import { isSeatTool, MAX_SEAT_PRICE_USD, priceProblem, tierProblem, tiersOf, toolProblem, type SeatTool } from './seat-fields.ts';

/**
 * Roster files: one row per license (a person with several tools has several rows; a row without a tool
 * adds an unlicensed person). CSV has the header `email,name,team,department,tool,tier,seat_cost_usd,assigned_on`
 * (any order); JSON is an array of objects with the same keys in snake_case or camelCase.
 *
 * When one person is on several rows, each of name, team and department takes the last non-empty value
 * given for it. Two valid rows for the same license (email, tool, assigned_on) are one license when they
 * agree; a later row that disagrees on tier or seat cost is rejected.
 */

export const ROSTER_COLUMNS = ['email', 'name', 'team', 'department', 'tool', 'tier', 'seat_cost_usd', 'assigned_on'] as const;
type Column = (typeof ROSTER_COLUMNS)[number];

const CAMEL_CASE: Record<Column, string> = {
  email: 'email',
  name: 'name',
  team: 'team',
  department: 'department',
  tool: 'tool',
  tier: 'tier',
  seat_cost_usd: 'seatCostUsd',
  assigned_on: 'assignedOn',
};

export const MAX_ROSTER_ROWS = 50_000;
export const MAX_ROSTER_TEXT_LENGTH = 200;

export interface RosterPerson {
  email: string;
  name: string | null;
  team: string | null;
  department: string | null;
}

export interface RosterLicense {
  email: string;
  tool: SeatTool;
  tier: string;
  /** null: the org's price list (or the built-in default) applies */
  monthlyPriceUsd: number | null;
  /** YYYY-MM-DD */
  validFrom: string;
}

export interface RosterError {
  /** CSV: the physical line the row starts on (the header is line 1); JSON: the array index + 1 */
  line: number;
  message: string;
}

export interface Roster {
  people: RosterPerson[];
  licenses: RosterLicense[];
  errors: RosterError[];
}

type RowValues = Record<Column, string | number>;
type Label = (column: Column) => string;
type RowOutcome = { ok: true; person: RosterPerson; license: RosterLicense | null } | { ok: false; message: string };

const PRICE = /^\d{1,9}(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 2000 && y <= 2099 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The price rounded to cents (as stored), or what is wrong with it. */
function parsePrice(value: string | number, label: string): number | string {
  const price = typeof value === 'number' ? value : PRICE.test(value) ? Number(value) : Number.NaN;
  if (priceProblem(price) === null) return Math.round(price * 100) / 100;
  return `${label} "${value}" must be a number of US dollars from 0 to ${MAX_SEAT_PRICE_USD} (leave it empty to use the price list)`;
}

function validateRow(values: RowValues, label: Label): RowOutcome {
  const problems: string[] = [];
  const text = (column: Column): string => String(values[column]).trim();
  for (const column of ROSTER_COLUMNS) {
    if (typeof values[column] === 'string' && values[column].includes('\u0000')) problems.push(`${label(column)} must not contain a NUL character`);
  }
  const rawEmail = text('email');
  const email = normalizeEmail(rawEmail);
  if (!rawEmail) problems.push(`${label('email')} is required`);
  else if (!email) problems.push(`${label('email')} "${rawEmail}" is not an email address`);
  const optionalText = (column: 'name' | 'team' | 'department'): string | null => {
    const value = text(column);
    if (value.length > MAX_ROSTER_TEXT_LENGTH) problems.push(`${label(column)} is longer than ${MAX_ROSTER_TEXT_LENGTH} characters`);
    return value || null;
  };
  const person = { email: email ?? '', name: optionalText('name'), team: optionalText('team'), department: optionalText('department') };

  const tool = text('tool').toLowerCase();
  const tier = text('tier').toLowerCase();
  const cost = typeof values.seat_cost_usd === 'number' ? values.seat_cost_usd : text('seat_cost_usd');
  const assignedOn = text('assigned_on');
  let license: RosterLicense | null = null;
  if (!tool) {
    const given = (['tier', 'seat_cost_usd', 'assigned_on'] as const).filter((c) => text(c) !== '');
    if (given.length > 0) problems.push(`${label('tool')} is empty but ${given.map(label).join(', ')} is given: fill in the tool or clear them`);
  } else if (!isSeatTool(tool)) {
    problems.push(toolProblem(tool, label('tool')) as string);
  } else {
    if (!tier) problems.push(`${label('tier')} is required with a tool: use one of ${tiersOf(tool).join(', ')}`);
    else {
      const problem = tierProblem(tool, tier, label('tier'));
      if (problem) problems.push(problem);
    }
    const price = cost === '' ? null : parsePrice(cost, label('seat_cost_usd'));
    if (typeof price === 'string') problems.push(price);
    if (!assignedOn) problems.push(`${label('assigned_on')} is required with a tool: the date the seat was assigned, YYYY-MM-DD`);
    else if (!isDate(assignedOn)) problems.push(`${label('assigned_on')} "${assignedOn}" must be a date YYYY-MM-DD between 2000-01-01 and 2099-12-31`);
    if (email) license = { email, tool, tier, monthlyPriceUsd: typeof price === 'number' ? price : null, validFrom: assignedOn };
  }
  return problems.length > 0 ? { ok: false, message: problems.join('; ') } : { ok: true, person, license };
}

/** Merges valid rows into people and licenses (see the rules at the top of this file). */
class RosterBuilder {
  private readonly people = new Map<string, RosterPerson>();
  private readonly licenses = new Map<string, { license: RosterLicense; line: number }>();
  private readonly errors: RosterError[] = [];

  reject(line: number, message: string): void {
    this.errors.push({ line, message });
  }

  add(line: number, values: RowValues, label: Label): void {
    const row = validateRow(values, label);
    if (!row.ok) return this.reject(line, row.message);
    const { person, license } = row;
    const key = license && `${license.email}\u0000${license.tool}\u0000${license.validFrom}`;
    const earlier = key === null ? undefined : this.licenses.get(key);
    if (license && earlier && (earlier.license.tier !== license.tier || earlier.license.monthlyPriceUsd !== license.monthlyPriceUsd)) {
      return this.reject(
        line,
        `conflicts with line ${earlier.line}: same ${label('email')}, ${label('tool')} and ${label('assigned_on')} but a different ${label('tier')} or ${label('seat_cost_usd')}; keep one of the two rows`,
      );
    }
    const known = this.people.get(person.email);
    if (!known) this.people.set(person.email, person);
    else {
      known.name = person.name ?? known.name;
      known.team = person.team ?? known.team;
      known.department = person.department ?? known.department;
    }
    if (license && key !== null && !earlier) this.licenses.set(key, { license, line });
  }

  build(): Roster {
    return { people: [...this.people.values()], licenses: [...this.licenses.values()].map((l) => l.license), errors: this.errors };
  }
}

const tooManyRows = (line: number): Roster => ({
  people: [],
  licenses: [],
  errors: [{ line, message: `A roster holds at most ${MAX_ROSTER_ROWS} rows; nothing was imported. Split it into several files.` }],
});

const HEADER_HINT = `the first line must be the header ${ROSTER_COLUMNS.join(',')} (columns in any order)`;

export function parseRosterCsv(text: string): Roster {
  const records = parseCsv(text);
  const header = records[0];
  const builder = new RosterBuilder();
  if (!header) {
    builder.reject(1, `The file is empty: ${HEADER_HINT}.`);
    return builder.build();
  }
  if ('error' in header) {
    builder.reject(header.line, `Bad header (${header.error}): ${HEADER_HINT}.`);
    return builder.build();
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = ROSTER_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(ROSTER_COLUMNS as readonly string[]).includes(n));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (missing.length + unknown.length + repeated.length > 0) {
    const parts = [
      missing.length > 0 && `missing ${missing.join(', ')}`,
      unknown.length > 0 && `unknown ${unknown.map((u) => `"${u}"`).join(', ')}`,
      repeated.length > 0 && `repeated ${[...new Set(repeated)].join(', ')}`,
    ].filter(Boolean);
    builder.reject(header.line, `Bad header (${parts.join('; ')}): ${HEADER_HINT}.`);
    return builder.build();
  }
  const rows = records.slice(1);
  const overflow = rows[MAX_ROSTER_ROWS];
  if (overflow) return tooManyRows(overflow.line);

  const index = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
  const label: Label = (c) => c;
  for (const record of rows) {
    if ('error' in record) builder.reject(record.line, record.error);
    else if (record.fields.length !== names.length) {
      builder.reject(record.line, `has ${record.fields.length} fields but the header has ${names.length}: quote a field that contains a comma ("a, b")`);
    } else {
      const values = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, record.fields[index[c]] ?? ''])) as RowValues;
      builder.add(record.line, values, label);
    }
  }
  return builder.build();
}

const COLUMN_BY_KEY = new Map<string, Column>(ROSTER_COLUMNS.flatMap((c) => [[c, c] as const, [CAMEL_CASE[c], c] as const]));

/** One JSON row as column values, or why it cannot be read. */
function jsonRow(row: unknown): { values: RowValues; label: Label } | { message: string } {
  const keys = ROSTER_COLUMNS.map((c) => CAMEL_CASE[c]).join(', ');
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return { message: `must be an object with the keys ${keys}` };
  const values = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, ''])) as RowValues;
  const used = new Map<Column, string>();
  const problems: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    const column = COLUMN_BY_KEY.get(key);
    if (!column) {
      problems.push(`unknown key "${key}": use ${keys}`);
      continue;
    }
    const other = used.get(column);
    if (other !== undefined) problems.push(`give ${other} or ${key}, not both`);
    used.set(column, key);
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' || (typeof value === 'number' && column === 'seat_cost_usd')) values[column] = value;
    else problems.push(`${key} must be ${column === 'seat_cost_usd' ? 'a number' : 'a string'}`);
  }
  if (problems.length > 0) return { message: problems.join('; ') };
  return { values, label: (c) => used.get(c) ?? CAMEL_CASE[c] };
}

export function parseRosterJson(rows: readonly unknown[]): Roster {
  if (rows.length > MAX_ROSTER_ROWS) return tooManyRows(MAX_ROSTER_ROWS + 1);
  const builder = new RosterBuilder();
  rows.forEach((row, i) => {
    const parsed = jsonRow(row);
    if ('message' in parsed) builder.reject(i + 1, parsed.message);
    else builder.add(i + 1, parsed.values, parsed.label);
  });
  return builder.build();
}
