/** How the people active in a period relate to the period before it (docs/metrics.md, "Cohorts"). */
export interface Cohorts {
  /** active, with their first activity ever (in scope) inside the period */
  new: number;
  /** of the new, those holding a licensed seat: a paid seat used for the first time */
  activated: number;
  /** active in the period and in the one before */
  retained: number;
  /** active in the period, not in the one before, but active at some time earlier */
  reactivated: number;
  /** active in the period before, not in this one */
  lapsed: number;
}

/** new + retained + reactivated = the period's active people; lapsed are the previous period's actives now gone. */
export function cohorts(
  activeNow: ReadonlySet<string>,
  activeBefore: ReadonlySet<string>,
  firstDay: ReadonlyMap<string, string>,
  licensed: ReadonlySet<string>,
  period: { from: string; to: string },
): Cohorts {
  const out: Cohorts = { new: 0, activated: 0, retained: 0, reactivated: 0, lapsed: 0 };
  for (const person of activeNow) {
    const first = firstDay.get(person);
    if (activeBefore.has(person)) out.retained += 1;
    else if (first === undefined || first >= period.from) {
      out.new += 1;
      if (licensed.has(person)) out.activated += 1;
    } else out.reactivated += 1;
  }
  for (const person of activeBefore) if (!activeNow.has(person)) out.lapsed += 1;
  return out;
}

/** "4 new (2 activating a seat) · 30 retained · 3 reactivated · 5 lapsed" */
export function describeCohorts(c: Cohorts): string {
  const newPart = c.activated > 0 ? `${c.new} new (${c.activated} activating a seat)` : `${c.new} new`;
  return `People: ${newPart} · ${c.retained} retained · ${c.reactivated} reactivated · ${c.lapsed} lapsed`;
}
