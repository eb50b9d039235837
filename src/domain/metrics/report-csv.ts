import type { Report } from './report-types.ts';

/** A table of a report: its rows as flat records of numbers, strings, booleans or nulls. */
export type CsvRow = Record<string, string | number | boolean | null>;

/** Parts of the envelope that describe the report rather than measure anything: they are in the file name and header. */
const ENVELOPE = new Set(['view', 'scope', 'period', 'previousPeriod', 'filters', 'dataUpTo', 'previous', 'change']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** Scalars of an object and its nested objects, by dotted path ("tokens.cacheRead"); arrays are tables of their own. */
function scalars(value: Record<string, unknown>, prefix: string, out: Array<[string, unknown]>): void {
  for (const [key, inner] of Object.entries(value)) {
    if (prefix === '' && ENVELOPE.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(inner)) scalars(inner, path, out);
    else if (!Array.isArray(inner)) out.push([path, inner]);
  }
}

function arrays(value: Record<string, unknown>, prefix: string, out: Map<string, CsvRow[]>): void {
  for (const [key, inner] of Object.entries(value)) {
    if (prefix === '' && ENVELOPE.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(inner)) arrays(inner, path, out);
    else if (Array.isArray(inner)) out.set(path, inner.map((row) => (isRecord(row) ? Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cell(v)])) : { value: cell(row) })));
  }
}

/**
 * Every table of a report: `summary` (each measure with, for the key metrics, the previous period's value and the
 * relative change) and each list the report holds, by its path in the JSON answer (`daily`, `byTeam`,
 * `trajectory.weekly`, …). An empty list is a table too: its file is empty.
 */
export function reportTables(report: Report): Map<string, CsvRow[]> {
  const measures: Array<[string, unknown]> = [];
  scalars(report as unknown as Record<string, unknown>, '', measures);
  const previous = report.previous as Record<string, number | null>;
  const change = report.change as Record<string, number | null>;
  const summary = measures.map(([metric, value]): CsvRow => ({
    metric,
    value: cell(value),
    previous: Object.hasOwn(previous, metric) ? (previous[metric] ?? null) : null,
    change: Object.hasOwn(change, metric) ? (change[metric] ?? null) : null,
  }));
  const tables = new Map<string, CsvRow[]>([['summary', summary]]);
  arrays(report as unknown as Record<string, unknown>, '', tables);
  return tables;
}

/** A spreadsheet would run a cell starting with one of these as a formula: such text gets a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV (CRLF line ends, a header row of every column in the order first seen). */
export function toCsv(rows: CsvRow[], columns: string[] = []): string {
  const header = [...columns];
  for (const row of rows) for (const key of Object.keys(row)) if (!header.includes(key)) header.push(key);
  const lines = [header.map(csvCell), ...rows.map((row) => header.map((key) => csvCell(row[key] ?? null)))];
  return lines.map((line) => line.join(',')).join('\r\n') + '\r\n';
}

/** `uptake-adoption-byTeam-2026-11-01-2026-11-30.csv` */
export function csvFileName(report: Report, table: string): string {
  const day = (value: string) => value.slice(0, 10);
  return `uptake-${report.view}-${table.replace(/[^A-Za-z0-9]+/g, '-')}-${day(report.period.from)}-${day(report.period.to)}.csv`;
}

/**
 * Every table of a report in one CSV file, for a chat that sends one file at a time (Teams): a first column
 * `table` names each row's table; the columns are every table's columns, empty where a table has none.
 */
export function reportCsvBundle(report: Report): string {
  const rows = [...reportTables(report)].flatMap(([table, tableRows]) => tableRows.map((row): CsvRow => ({ table, ...row })));
  return toCsv(rows, ['table']);
}
