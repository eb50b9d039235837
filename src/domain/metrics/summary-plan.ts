/** One org-zone day of a summary's range, clipped to the range: whether its rollup can be read. */
export interface SummaryDay {
  day: string;
  lo: Date;
  hi: Date;
  /** a whole day of the range, not marked for rollup */
  rolled: boolean;
}

export interface SummaryPlan {
  /** days read from rollup_summary_daily */
  rolledDays: string[];
  /** [lo, hi) spans read from the events: runs of consecutive days that are not rolled, merged */
  rawSpans: Array<{ lo: Date; hi: Date }>;
}

/** Splits a summary's days (in order) into rolled-up days and merged spans of raw events. */
export function planSummary(days: SummaryDay[]): SummaryPlan {
  const plan: SummaryPlan = { rolledDays: [], rawSpans: [] };
  for (const d of days) {
    if (d.rolled) {
      plan.rolledDays.push(d.day);
      continue;
    }
    const last = plan.rawSpans[plan.rawSpans.length - 1];
    if (last && last.hi.getTime() === d.lo.getTime()) last.hi = d.hi;
    else plan.rawSpans.push({ lo: d.lo, hi: d.hi });
  }
  return plan;
}
