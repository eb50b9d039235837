import { describe, expect, it } from 'vitest';
import { parsePeriod, PeriodGrammarError, requestedPeriod } from '../../src/domain/commands/period-grammar.ts';

// Wednesday 2026-11-25: weeks start on Monday 2026-11-23, the quarter on 2026-10-01.
const TODAY = '2026-11-25';

describe('period grammar', () => {
  it.each([
    ['24h', { kind: 'range', range: '24h', label: 'last 24 hours' }],
    ['7d', { kind: 'range', range: '7d', label: 'last 7 days' }],
    ['30D', { kind: 'range', range: '30d', label: 'last 30 days' }],
    ['last 30d', { kind: 'range', range: '30d', label: 'last 30 days' }],
    ['Past 90d', { kind: 'range', range: '90d', label: 'last 90 days' }],
    ['6M', { kind: 'range', range: '6m', label: 'last 6 months' }],
    ['12m', { kind: 'range', range: '12m', label: 'last 12 months' }],
    ['1y', { kind: 'range', range: '12m', label: 'last 12 months' }],
    ['1Y', { kind: 'range', range: '12m', label: 'last 12 months' }],
    ['14d', { kind: 'dates', from: '2026-11-12', to: TODAY, label: 'last 14 days' }],
    ['2w', { kind: 'dates', from: '2026-11-12', to: TODAY, label: 'last 14 days' }],
    ['last 2w', { kind: 'dates', from: '2026-11-12', to: TODAY, label: 'last 14 days' }],
    ['1d', { kind: 'dates', from: TODAY, to: TODAY, label: 'last 1 days' }],
    ['3m', { kind: 'dates', from: '2026-08-27', to: TODAY, label: 'last 91 days' }],
    ['this week', { kind: 'dates', from: '2026-11-23', to: TODAY, label: 'this week' }],
    ['LAST WEEK', { kind: 'dates', from: '2026-11-16', to: '2026-11-22', label: 'last week' }],
    ['this month', { kind: 'dates', from: '2026-11-01', to: TODAY, label: 'this month' }],
    ['last month', { kind: 'dates', from: '2026-10-01', to: '2026-10-31', label: 'last month' }],
    ['past month', { kind: 'dates', from: '2026-10-01', to: '2026-10-31', label: 'last month' }],
    ['  Last   Month ', { kind: 'dates', from: '2026-10-01', to: '2026-10-31', label: 'last month' }],
    ['this quarter', { kind: 'dates', from: '2026-10-01', to: TODAY, label: 'this quarter' }],
    ['last quarter', { kind: 'dates', from: '2026-07-01', to: '2026-09-30', label: 'last quarter' }],
    ['2026-01-01..2026-02-15', { kind: 'dates', from: '2026-01-01', to: '2026-02-15', label: '2026-01-01 to 2026-02-15' }],
    ['2026-02-15..2026-02-15', { kind: 'dates', from: '2026-02-15', to: '2026-02-15', label: '2026-02-15 to 2026-02-15' }],
  ])('reads %j', (text, period) => {
    expect(parsePeriod(text, TODAY)).toEqual(period);
  });

  it.each([
    ['48h', /^Hours work only as 24h; use 24h or a number of days such as 7d\.$/],
    ['0d', /^A period can be 1 to 400 days long; "0d" is 0 days\.$/],
    ['2y', /^A period can be 1 to 400 days long; "2y" is 730 days\.$/],
    ['500d', /1 to 400 days long/],
    ['2026-02-15..2026-01-01', /^The range starts after it ends; write it as 2026-01-01\.\.2026-02-15\.$/],
    ['2026-02-30..2026-03-01', /not a pair of real dates/],
    ['2024-01-01..2026-01-01', /at most 400 days long; 2024-01-01\.\.2026-01-01 is 732 days/],
    ['last', /"last" is part of a period/],
    ['this 30d', /"this" is part of a period/],
    ['month', /"month" is part of a period/],
    ['last-month', /^Unknown range "last-month"\. Did you mean "last month"\? Use one of 24h, 7d, 30d, 90d, 6m, 12m, 14d, 2w, 3m, 1y, this week/],
    ['5 years', /^Unknown range "5 years"\. Use one of 24h, 7d/],
    ['7d 30d', /^Unknown range "7d 30d"/],
    ['', /^Unknown range ""/],
  ])('refuses %j', (text, message) => {
    expect(() => parsePeriod(text, TODAY)).toThrow(PeriodGrammarError);
    expect(() => parsePeriod(text, TODAY)).toThrow(message);
  });

  it('turns an API range into a named range or dates, and keeps from/to', () => {
    expect(requestedPeriod({ range: '30D' }, TODAY)).toEqual({ range: '30d' });
    expect(requestedPeriod({ range: 'last month' }, TODAY)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(requestedPeriod({ from: '2026-01-01', to: '2026-01-31' }, TODAY)).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(() => requestedPeriod({ range: '7d', from: '2026-01-01' }, TODAY)).toThrow(/either "range" or "from" and "to"/);
  });
});
