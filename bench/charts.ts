import { VegaChartRenderer } from '../src/adapters/charts/vega-renderer.ts';
import { CHARTS, drawChart, reportSet } from '../src/domain/charts/chart-catalog.ts';
import { syntheticReports } from './charts/synthetic-reports.ts';

// `npm run bench:charts [-- --renders 1000]`: renders every chart of a synthetic org in turn (typical data)
// until `renders` charts are done, then prints median and p95 ms per chart and memory before and after.
// Run with --expose-gc (the npm script does) so the memory figures are after a full collection.

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const renders = arg('renders', 1000);
const warmup = arg('warmup', CHARTS.length * 2);
const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const memory = () => {
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, external: m.external };
};

const renderer = new VegaChartRenderer();
const reports = reportSet(syntheticReports('typical', 'user'));
const drawings = CHARTS.map((c) => drawChart(c, reports));
for (let i = 0; i < warmup; i++) await renderer.render(drawings[i % drawings.length]!);
const before = memory();
const times = new Map<string, number[]>(drawings.map((d) => [d.chart, []]));
const started = performance.now();
for (let i = 0; i < renders; i++) {
  const drawing = drawings[i % drawings.length]!;
  const t0 = performance.now();
  await renderer.render(drawing);
  times.get(drawing.chart)!.push(performance.now() - t0);
}
const elapsed = performance.now() - started;
const after = memory();

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
console.log(`${renders} renders (${warmup} warm-up) in ${(elapsed / 1000).toFixed(1)} s; gc ${gc ? 'on' : 'OFF (run with --expose-gc)'}`);
console.log('chart                          median ms   p95 ms   renders');
const all: number[] = [];
for (const [chart, list] of times) {
  const sorted = [...list].sort((a, b) => a - b);
  all.push(...list);
  console.log(`${chart.padEnd(30)} ${quantile(sorted, 0.5).toFixed(1).padStart(9)} ${quantile(sorted, 0.95).toFixed(1).padStart(8)} ${String(list.length).padStart(9)}`);
}
const sortedAll = all.sort((a, b) => a - b);
console.log(`${'all charts'.padEnd(30)} ${quantile(sortedAll, 0.5).toFixed(1).padStart(9)} ${quantile(sortedAll, 0.95).toFixed(1).padStart(8)} ${String(all.length).padStart(9)}`);
console.log(`heap ${mib(before.heap)} -> ${mib(after.heap)}, rss ${mib(before.rss)} -> ${mib(after.rss)}, external ${mib(before.external)} -> ${mib(after.external)}`);
