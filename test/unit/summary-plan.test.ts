import { describe, expect, it } from 'vitest';
import { planSummary } from '../../src/domain/metrics/summary-plan.ts';

const at = (h: number) => new Date(Date.UTC(2026, 10, 1) + h * 3_600_000);
const day = (n: number, rolled: boolean, lo = n * 24, hi = (n + 1) * 24) => ({ day: `2026-11-0${n + 1}`, lo: at(lo), hi: at(hi), rolled });

describe('planSummary', () => {
  it('reads rolled-up days from the rollup and merges consecutive other days into one span', () => {
    const plan = planSummary([day(0, false, 5), day(1, true), day(2, false), day(3, false), day(4, true), day(5, false, 120, 130)]);
    expect(plan.rolledDays).toEqual(['2026-11-02', '2026-11-05']);
    expect(plan.rawSpans).toEqual([
      { lo: at(5), hi: at(24) },
      { lo: at(48), hi: at(96) },
      { lo: at(120), hi: at(130) },
    ]);
  });

  it('nothing rolled up: one span; no days: nothing to read', () => {
    expect(planSummary([day(0, false), day(1, false), day(2, false)])).toEqual({ rolledDays: [], rawSpans: [{ lo: at(0), hi: at(72) }] });
    expect(planSummary([])).toEqual({ rolledDays: [], rawSpans: [] });
  });
});
