import { describe, expect, it } from 'vitest';
import {
  bucketize, change, DEPTH_BOUNDS, DEPTH_LABELS, FREQUENCY_BOUNDS, FREQUENCY_LABELS, ratio, seatDaysInPeriod, slope, subscriptionCost, trajectory, trajectoryText,
} from '../../src/domain/metrics/period-facts.ts';
import type { Period } from '../../src/domain/metrics/period.ts';
import { apiEquivalentUsd } from '../../src/domain/metrics/model-prices.ts';
import { seatPrice } from '../../src/domain/metrics/price-list.ts';
import { weeklyWindows } from '../../src/domain/metrics/views/value.ts';
import { classifyWorkflow } from '../../src/domain/metrics/workflow.ts';

const NOV: Period = { granularity: 'day', from: '2026-11-01', to: '2026-11-30', days: 30, timeZone: 'UTC' };

describe('ratios and changes', () => {
  it.each([
    [1, 4, 0.25],
    [0, 3, 0],
    [5, 0, null],
  ])('ratio(%d, %d) = %s', (a, b, expected) => expect(ratio(a, b)).toBe(expected));

  it.each([
    [15, 10, 0.5],
    [5, 10, -0.5],
    [3, 0, null],
    [null, 10, null],
    [0, 4, -1],
  ])('change(%s, %s) = %s', (current, previous, expected) => expect(change(current, previous)).toBe(expected));
});

describe('buckets', () => {
  it('buckets active days 1, 2-4, 5-9, 10-19, 20+', () => {
    expect(bucketize([1, 2, 4, 5, 9, 10, 19, 20, 30], FREQUENCY_BOUNDS, FREQUENCY_LABELS).map((b) => b.count)).toEqual([1, 2, 2, 2, 2]);
  });
  it('buckets session depth at 10k, 100k, 1M, 10M', () => {
    expect(bucketize([0, 9_999, 10_000, 99_999, 100_000, 999_999, 1_000_000, 10_000_000], DEPTH_BOUNDS, DEPTH_LABELS).map((b) => b.count)).toEqual([2, 2, 2, 1, 1]);
  });
});

describe('trajectory', () => {
  it.each([
    [[10, 12, 14, 16], 2, 'growing'],
    [[16, 14, 12, 10], -2, 'declining'],
    [[10, 10, 10, 10], 0, 'flat'],
    [[100, 101, 100, 101], 0.2, 'flat'], // 0.2/week is under 2% of the mean
    [[0, 3, 4, 6], 1.9, 'growing'], // 4 whole weeks, 3 with activity: enough
    [[0, 0, 3, 0], 0.3, 'too-early'], // one active week is not a trend
    [[0, 0, 3, 4], 1.5, 'too-early'], // two active weeks neither
    [[2, 4, 8], 3, 'too-early'], // three whole weeks are too few
    [[7], 0, 'too-early'],
    [[], 0, 'too-early'],
    [[0, 0, 0, 0, 0], 0, 'too-early'],
  ])('%j has slope %d and is %s', (weekly, expectedSlope, direction) => {
    const t = trajectory(weekly);
    expect(t.slopePerWeek).toBeCloseTo(expectedSlope, 9);
    expect(t.direction).toBe(direction);
  });
  it('slope is least squares', () => expect(slope([1, 3, 2, 4])).toBeCloseTo(0.8, 9));
  it('"too-early" reads as not enough data, never as a direction', () => {
    expect(trajectoryText('too-early')).toBe('not enough data yet (needs 4 whole weeks, 3 of them with activity)');
    expect(trajectoryText('growing')).toBe('growing');
  });

  it('weekly windows are ISO weeks (Monday start) with the partial first and last weeks marked by their days', () => {
    const rows = [
      { day: '2026-10-31', person: 'c', sessions: 1, activity: 1, tokens: 0 }, // before the period: left out
      { day: '2026-11-01', person: 'a', sessions: 1, activity: 1, tokens: 0 }, // Sunday: the partial first week
      { day: '2026-11-02', person: 'a', sessions: 1, activity: 1, tokens: 0 }, // Monday
      { day: '2026-11-08', person: 'b', sessions: 1, activity: 1, tokens: 0 }, // Sunday, same week
      { day: '2026-11-10', person: 'a', sessions: 1, activity: 1, tokens: 0 },
      { day: '2026-11-24', person: 'a', sessions: 1, activity: 1, tokens: 0 }, // Tuesday: the partial last week
      { day: '2026-11-24', person: 'b', sessions: 1, activity: 0, tokens: 0 }, // no prompt or request: not active
    ];
    expect(weeklyWindows(rows, { from: '2026-11-01', to: '2026-11-24' })).toEqual([
      { weekStart: '2026-10-26', days: 1, activeUsers: 1 },
      { weekStart: '2026-11-02', days: 7, activeUsers: 2 },
      { weekStart: '2026-11-09', days: 7, activeUsers: 1 },
      { weekStart: '2026-11-16', days: 7, activeUsers: 0 },
      { weekStart: '2026-11-23', days: 2, activeUsers: 1 },
    ]);
  });
});

describe('seats and prices', () => {
  it.each([
    ['2026-10-01', null, 30],
    ['2026-11-21', null, 10],
    ['2026-10-01', '2026-11-05', 5],
    ['2026-11-10', '2026-11-10', 1],
    ['2026-12-01', null, 0],
    ['2026-09-01', '2026-10-31', 0],
  ])('a seat from %s to %s covers %i days of November', (validFrom, validTo, days) => {
    expect(seatDaysInPeriod({ validFrom, validTo }, NOV)).toBe(days);
  });

  it('a seat takes its own price, else the org list, else the default', () => {
    const org = new Map([['cursor|business', 32]]);
    expect(seatPrice({ tool: 'cursor', tier: 'business', monthlyPriceUsd: 25 }, org)).toBe(25);
    expect(seatPrice({ tool: 'cursor', tier: 'business', monthlyPriceUsd: null }, org)).toBe(32);
    expect(seatPrice({ tool: 'claude-code', tier: 'max_5x', monthlyPriceUsd: null }, org)).toBe(100);
    expect(seatPrice({ tool: 'claude-code', tier: 'made_up', monthlyPriceUsd: null }, org)).toBe(0);
  });

  it('subscription cost is price × days ÷ 30', () => {
    const seats = [
      { email: 'a', tool: 'claude-code', tier: 'pro', monthlyPriceUsd: null, validFrom: '2026-01-01', validTo: null }, // 20 × 30/30
      { email: 'b', tool: 'claude-code', tier: 'max_20x', monthlyPriceUsd: null, validFrom: '2026-11-16', validTo: null }, // 200 × 15/30
      { email: 'c', tool: 'cursor', tier: 'pro', monthlyPriceUsd: 15, validFrom: '2026-11-01', validTo: '2026-11-06' }, // 15 × 6/30
    ];
    expect(subscriptionCost(seats, NOV, new Map())).toBeCloseTo(20 + 100 + 3, 9);
  });

  it('prices tokens at the model list price', () => {
    expect(apiEquivalentUsd('claude-sonnet-4-5-20250929', { input: 1e6, output: 1e6, cacheRead: 1e6, cacheCreation: 1e6 })).toBeCloseTo(3 + 15 + 0.3 + 3.75, 9);
    expect(apiEquivalentUsd('claude-opus-4-1', { input: 2e6, output: 0, cacheRead: 0, cacheCreation: 0 })).toBeCloseTo(30, 9);
    expect(apiEquivalentUsd('some-local-model', { input: 1, output: 1, cacheRead: 1, cacheCreation: 1 })).toBeNull();
  });
});

describe('classifyWorkflow', () => {
  it.each([
    ['Edit', undefined, 'code_generation'],
    ['MultiEdit', undefined, 'code_generation'],
    ['write_file', undefined, 'code_generation'],
    ['Bash', undefined, 'debugging'],
    ['run_shell_command', undefined, 'debugging'],
    ['Read', undefined, 'code_review'],
    ['search_file_content', undefined, 'code_review'],
    ['WebFetch', undefined, 'documentation'],
    ['google_web_search', undefined, 'documentation'],
    ['mcp__github__create_pr', undefined, 'other'],
    ['TodoWrite', undefined, 'other'],
    [null, undefined, 'other'],
    ['Bash', 'Code Review', 'code_review'],
    ['Edit', 'documentation', 'documentation'],
    ['Edit', 'not-a-category', 'code_generation'],
    ['  edit ', undefined, 'code_generation'],
  ])('%s with workflow %s is %s', (tool, workflow, expected) => expect(classifyWorkflow(tool, workflow)).toBe(expected));
});
