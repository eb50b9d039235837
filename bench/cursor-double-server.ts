// The Cursor Admin API double in its own process for `npm run bench:cursor`, so the benchmark's memory figures are
// the sync's alone. Started with fork(): sends { url } when listening; answers "stats" with the calls it served and
// "minimum" with the fewest requests that could fetch its data.
import { CURSOR_ENDPOINTS, MAX_EVENTS_PAGE_SIZE } from '../src/domain/cursor/api-shapes.ts';
import { dayStart, splitWindows } from '../src/domain/cursor/windows.ts';
import { CursorDataset, type CursorDatasetOptions } from '../test/support/cursor-dataset.ts';
import { CursorDouble } from '../test/support/cursor-double.ts';

const input = JSON.parse(process.argv[2] ?? '{}') as { dataset: CursorDatasetOptions; apiKey: string; windowMs: number };
const dataset = new CursorDataset(input.dataset);
const double = new CursorDouble({ apiKey: input.apiKey, dataset, windowMs: input.windowMs });
await double.start();

/** Requests no client could go below: 1 members call; one daily page per 30-day window (if a page could hold every member); every event window's events in pages of 1000 (at least one call per window). */
function minimum(from: number, to: number): { members: number; daily: number; events: number; usageEvents: number } {
  let events = 0;
  let usageEvents = 0;
  const windows = splitWindows(dayStart(from), to);
  for (const w of windows) {
    let count = 0;
    for (let i = 0; i < dataset.dayCount; i++) if (dataset.dayMs(i) >= w.from && dataset.dayMs(i) <= w.to) count += dataset.eventCount(i);
    usageEvents += count;
    events += Math.max(1, Math.ceil(count / MAX_EVENTS_PAGE_SIZE));
  }
  return { members: 1, daily: windows.length, events, usageEvents };
}

process.on('message', (message: { ask: 'stats' } | { ask: 'minimum'; from: number; to: number }) => {
  if (message.ask === 'stats') {
    const stats = Object.fromEntries(CURSOR_ENDPOINTS.map((e) => [e, { calls: double.callsTo(e).length, maxInWindow: double.maxInWindow(e) }]));
    process.send?.({ stats, violations: double.violations, rss: process.memoryUsage().rss });
  } else process.send?.({ minimum: minimum(message.from, message.to) });
});
process.send?.({ url: double.url });
