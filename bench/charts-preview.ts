import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VegaChartRenderer } from '../src/adapters/charts/vega-renderer.ts';
import { CHARTS_DIR } from '../src/adapters/charts/spec-library.ts';
import { CHARTS, drawChart, reportSet } from '../src/domain/charts/chart-catalog.ts';
import { syntheticReports, type Variant } from './charts/synthetic-reports.ts';

// `npm run charts:preview [-- --out dir]`: every chart of a synthetic org, for each data variant, as PNG files
// (charts/preview/ by default, git-ignored), and a warning line for any chart Vega-Lite or Vega complained about.

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? (process.argv[outIndex + 1] as string) : join(CHARTS_DIR, 'preview');
mkdirSync(out, { recursive: true });
const renderer = new VegaChartRenderer();
const variants: Array<[Variant, 'org' | 'user']> = [['typical', 'user'], ['typical', 'org'], ['empty', 'user'], ['single', 'user'], ['large', 'user']];
let warned = 0;
for (const [variant, scope] of variants) {
  const reports = reportSet(syntheticReports(variant, scope));
  for (const chart of CHARTS) {
    const rendered = await renderer.renderDetailed(drawChart(chart, reports));
    const file = join(out, `${chart.name}.${variant}${scope === 'org' ? '-org' : ''}.png`);
    writeFileSync(file, rendered.png);
    if (rendered.warnings.length > 0) {
      warned++;
      console.warn(`${file}: ${rendered.warnings.join('; ')}`);
    }
  }
}
console.log(`Wrote ${variants.length * CHARTS.length} charts to ${out}${warned ? ` (${warned} with warnings)` : ''}.`);
