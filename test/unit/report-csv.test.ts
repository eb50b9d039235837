import { describe, expect, it } from 'vitest';
import { csvFileName, reportCsvBundle, reportTables, toCsv } from '../../src/domain/metrics/report-csv.ts';
import type { Report } from '../../src/domain/metrics/report-types.ts';

/** Splits RFC 4180 text back into cells (quotes, doubled quotes, commas and line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

const period = { from: '2026-11-01', to: '2026-11-30', days: 30, granularity: 'day' as const, timeZone: 'UTC' };
const report = {
  view: 'usage', scope: 'org', period, previousPeriod: period, filters: { person: null, team: null, tool: null, model: null, project: null }, dataUpTo: null,
  previous: { activeUsers: 3, totalSessions: 10 }, change: { activeUsers: 0.5, totalSessions: null },
  activeUsers: 4.5, totalSessions: 12, tokens: { input: 7, output: 3 }, cursor: null,
  tools: [{ tool: 'claude-code', activeUsers: 2 }, { tool: 'cursor', activeUsers: 1, sessions: 0 }],
  peakActivity: [],
} as unknown as Report;

describe('CSV export of a report', () => {
  it('has a summary of every measure, with the previous value and the change of the key metrics', () => {
    const summary = reportTables(report).get('summary')!;
    expect(summary).toEqual([
      { metric: 'activeUsers', value: 4.5, previous: 3, change: 0.5 },
      { metric: 'totalSessions', value: 12, previous: 10, change: null },
      { metric: 'tokens.input', value: 7, previous: null, change: null },
      { metric: 'tokens.output', value: 3, previous: null, change: null },
      { metric: 'cursor', value: null, previous: null, change: null },
    ]);
  });

  it('has a table for each list, empty ones included, and its header is every column in order', () => {
    const tables = reportTables(report);
    expect([...tables.keys()]).toEqual(['summary', 'tools', 'peakActivity']);
    expect(parseCsv(toCsv(tables.get('tools')!))).toEqual([
      ['tool', 'activeUsers', 'sessions'],
      ['claude-code', '2', ''],
      ['cursor', '1', '0'],
    ]);
    expect(toCsv(tables.get('peakActivity')!)).toBe('\r\n');
    expect(toCsv([], ['weekday', 'hour'])).toBe('weekday,hour\r\n');
  });

  it('quotes what needs quoting and keeps spreadsheet formulas from running', () => {
    const rows = [{ team: 'R&D, "core"', note: 'line\nbreak' }, { team: '=HYPERLINK("http://x")', note: '-5' }, { team: '@ops', note: -5 }];
    expect(parseCsv(toCsv(rows))).toEqual([
      ['team', 'note'],
      ['R&D, "core"', 'line\nbreak'],
      ['\'=HYPERLINK("http://x")', "'-5"],
      ["'@ops", '-5'],
    ]);
  });

  it('names the file after the view, the table and the period', () => {
    expect(csvFileName(report, 'trajectory.weekly')).toBe('uptake-usage-trajectory-weekly-2026-11-01-2026-11-30.csv');
  });

  it('bundles every table in one file, the first column naming each row\'s table', () => {
    expect(parseCsv(reportCsvBundle(report))).toEqual([
      ['table', 'metric', 'value', 'previous', 'change', 'tool', 'activeUsers', 'sessions'],
      ['summary', 'activeUsers', '4.5', '3', '0.5', '', '', ''],
      ['summary', 'totalSessions', '12', '10', '', '', '', ''],
      ['summary', 'tokens.input', '7', '', '', '', '', ''],
      ['summary', 'tokens.output', '3', '', '', '', '', ''],
      ['summary', 'cursor', '', '', '', '', '', ''],
      ['tools', '', '', '', '', 'claude-code', '2', ''],
      ['tools', '', '', '', '', 'cursor', '1', '0'],
    ]);
  });
});

