// `npm run bench:reports -- --breakdown ...` helper: where a report's time goes. Wraps the Postgres report reader so
// every query is timed on its own, then builds each view through `buildReport` (no HTTP) and prints, per view and
// scope, the median wall time of the whole report, of each reader call, and the time left for the pure domain code.

import type { Db } from '../src/adapters/postgres/database.ts';
import { postgresReportReader } from '../src/adapters/postgres/report-reader.ts';
import { buildReport } from '../src/app/build-report.ts';
import type { ReportReader } from '../src/app/ports.ts';
import { NO_FILTERS, VIEWS } from '../src/domain/metrics/report-types.ts';
import { percentile } from './http-load.ts';

type Timings = Map<string, number[]>;

/** The reader with each call's time added to `timings` under its name (calls of one report may overlap). */
function timedReader(reader: ReportReader, timings: Timings): ReportReader {
  return new Proxy(reader, {
    get(target, name: string) {
      const method = (target as unknown as Record<string, unknown>)[name];
      if (typeof method !== 'function') return method;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (method as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          const list = timings.get(name) ?? [];
          list.push(performance.now() - started);
          timings.set(name, list);
        }
      };
    },
  });
}

export async function reportBreakdown(db: Db, orgId: string, range: string, iterations: number): Promise<void> {
  const base = postgresReportReader(db);
  console.log('\n| report | scope | total p50 ms | slowest reader calls (p50 ms, all calls of the report) |\n| --- | --- | --- | --- |');
  for (const view of VIEWS) {
    for (const scope of ['org', 'user'] as const) {
      const timings: Timings = new Map();
      const reader = timedReader(base, timings);
      const totals: number[] = [];
      for (let i = 0; i < iterations + 3; i++) {
        if (i === 3) timings.clear();
        const started = performance.now();
        await buildReport(reader, { view, range, scope, filters: NO_FILTERS, caller: { orgId, personEmail: null, isAdmin: true } }, new Date());
        if (i >= 3) totals.push(performance.now() - started);
      }
      totals.sort((a, b) => a - b);
      const calls = [...timings.entries()]
        .map(([name, times]) => ({ name, count: times.length / iterations, p50: percentile([...times].sort((a, b) => a - b), 50) }))
        .sort((a, b) => b.p50 - a.p50)
        .map((c) => `${c.name}${c.count > 1 ? ` ×${c.count}` : ''} ${c.p50.toFixed(1)}`);
      console.log(`| ${view} | ${scope} | ${percentile(totals, 50).toFixed(1)} | ${calls.join(', ')} |`);
    }
  }
}
