import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHARTS_DIR } from '../../../src/adapters/charts/spec-library.ts';
import { VegaChartRenderer } from '../../../src/adapters/charts/vega-renderer.ts';
import { drawChart, findChart, reportSet } from '../../../src/domain/charts/chart-catalog.ts';
import { syntheticReports } from '../../../bench/charts/synthetic-reports.ts';

/** Fields drawn with the count format that are ratios, not whole numbers. */
const RATIO_FIELDS = new Set(['sessionsPerUser']);

interface Guide {
  format?: string;
  tickMinStep?: number;
}

/** Every axis and legend of a spec drawn with the count format, with its field. */
function countGuides(node: unknown, out: Array<{ field: string; guide: Guide }> = []): Array<{ field: string; guide: Guide }> {
  if (Array.isArray(node)) node.forEach((n) => countGuides(n, out));
  else if (node && typeof node === 'object') {
    const channel = node as { field?: string; type?: string; axis?: Guide; legend?: Guide };
    for (const guide of [channel.axis, channel.legend]) {
      if (channel.type === 'quantitative' && typeof channel.field === 'string' && guide?.format === 'count') out.push({ field: channel.field, guide });
    }
    Object.values(node).forEach((v) => countGuides(v, out));
  }
  return out;
}

describe('count axes', () => {
  const specs = readdirSync(CHARTS_DIR).filter((f) => f.endsWith('.vl.json'));

  it.each(specs)('%s: every count axis and legend ticks at whole numbers', (file) => {
    const guides = countGuides(JSON.parse(readFileSync(`${CHARTS_DIR}/${file}`, 'utf8')));
    for (const { field, guide } of guides.filter((g) => !RATIO_FIELDS.has(g.field))) expect(guide.tickMinStep, `${file} ${field}`).toBe(1);
  });

  it('finds the count axes it checks', () => {
    const all = specs.flatMap((file) => countGuides(JSON.parse(readFileSync(`${CHARTS_DIR}/${file}`, 'utf8'))));
    expect(all.filter((g) => !RATIO_FIELDS.has(g.field)).length).toBeGreaterThanOrEqual(8);
  });

  it('a workflow chart of 2 and 1 tool calls has no fractional tick', async () => {
    const reports = reportSet(syntheticReports('typical', 'org'));
    const usage = { ...reports.usage!, workflows: [{ workflow: 'code_generation', toolCalls: 2, share: 2 / 3 }, { workflow: 'debugging', toolCalls: 1, share: 1 / 3 }] };
    const out = await new VegaChartRenderer().renderDetailed(drawChart(findChart('usage-workflows')!, { ...reports, usage }));
    const ticks = [...out.svg.matchAll(/role-axis-label"[^]*?<\/g>/g)].flatMap((m) => [...m[0].matchAll(/>([^<>]+)<\/text>/g)].map((t) => t[1]));
    expect(ticks).toContain('2');
    expect(ticks.filter((t) => /^\d*\.\d+$/.test(t!))).toEqual([]);
    expect(ticks).toContain('Code generation');
  });
});
