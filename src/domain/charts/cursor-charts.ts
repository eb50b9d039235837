import type { UsageReport } from '../metrics/report-types.ts';
import type { ChartData, ReportSet, Row } from './chart-types.ts';
import { formatCount, formatPercent } from './number-format.ts';

export const NO_CURSOR_DATA = 'No Cursor data in this period';

/**
 * What only Cursor reports (docs/metrics.md, "Cursor"): the Tab acceptance rate (tabs accepted ÷ shown) and the
 * agent acceptance rate (changes accepted ÷ accepted + rejected), each with its counts. A rate whose denominator
 * is 0 is left out; without Cursor data (or with a filter Cursor's daily counters cannot follow) nothing is drawn.
 */
export function cursorAcceptance(reports: ReportSet): ChartData {
  const u: UsageReport | undefined = reports.usage;
  if (!u) throw new Error('the usage report is missing');
  const c = u.cursor;
  if (!c) return { empty: NO_CURSOR_DATA };
  const table: Row[] = [];
  if (c.tabAcceptanceRate !== null) {
    table.push({ measure: 'Tab completions', rate: c.tabAcceptanceRate, label: `${formatPercent(c.tabAcceptanceRate)} · ${formatCount(c.tabsAccepted)} of ${formatCount(c.tabsShown)} shown` });
  }
  if (c.agentAcceptanceRate !== null) {
    table.push({ measure: 'Agent changes', rate: c.agentAcceptanceRate, label: `${formatPercent(c.agentAcceptanceRate)} · ${formatCount(c.accepts)} of ${formatCount(c.accepts + c.rejects)} reviewed` });
  }
  if (table.length === 0) return { empty: NO_CURSOR_DATA };
  return { datasets: { table }, note: `Cursor: accepted ÷ shown (Tab), accepted ÷ accepted + rejected (agent) · ${formatCount(c.agentRequests)} agent requests` };
}
