import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fontconfigXml, shippedFontDir, useShippedFonts } from '../../../src/adapters/charts/fontconfig.ts';
import { CHARTS_DIR } from '../../../src/adapters/charts/spec-library.ts';
import { VegaChartRenderer } from '../../../src/adapters/charts/vega-renderer.ts';
import { CHARTS, drawChart, reportSet } from '../../../src/domain/charts/chart-catalog.ts';
import { syntheticReports, type Variant } from '../../../bench/charts/synthetic-reports.ts';

const renderer = new VegaChartRenderer();
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const VARIANTS = ['typical', 'typical-org', 'empty', 'single', 'large'] as const;
const reports = new Map(VARIANTS.map((v) => [v, reportSet(v === 'typical-org' ? syntheticReports('typical', 'org') : syntheticReports(v as Variant))]));
const specSize = (file: string) => {
  const spec = JSON.parse(readFileSync(`${CHARTS_DIR}/${file}`, 'utf8')) as { width: number; height: number };
  return [spec.width * 2, spec.height * 2];
};

describe('VegaChartRenderer', () => {
  it.each(CHARTS.flatMap((c) => VARIANTS.map((v) => [c.name, v] as const)))('%s with %s data: a 2x PNG, no Vega-Lite or Vega warnings', async (name, variant) => {
    const drawing = drawChart(CHARTS.find((c) => c.name === name)!, reports.get(variant)!);
    const out = await renderer.renderDetailed(drawing);
    expect(out.warnings).toEqual([]);
    expect(out.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const meta = await sharp(out.png).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual(specSize(drawing.empty === null ? drawing.spec : 'empty.vl.json'));
    expect(out.svg).toContain(drawing.title.replace(/&/g, '&amp;'));
    // nothing cut off: the title starts inside the padding ("fit" autosizing moves it out when content overflows)
    const root = /transform="translate\(([-\d.]+),([-\d.]+)\)"/.exec(out.svg)!;
    const title = /role-title"><g transform="translate\(([-\d.]+),([-\d.]+)\)"/.exec(out.svg)!;
    expect(Number(root[2]) + Number(title[2])).toBeGreaterThanOrEqual(8);
    expect(Number(root[1]) + Number(title[1])).toBeGreaterThanOrEqual(8);
    if (drawing.empty) expect(out.svg).toContain(drawing.empty.split(' ')[0]);
  });

  it('draws the empty message with the chart title', async () => {
    const drawing = drawChart(CHARTS[0]!, reports.get('empty')!);
    const out = await renderer.renderDetailed(drawing);
    expect(out.svg).toContain('No activity in this period');
    expect(out.svg).toContain('Active users, 22 Oct – 20 Nov 2026');
  });

  it('formats axis numbers with the shared formatter (k, $, %)', async () => {
    const share = await renderer.renderDetailed(drawChart(CHARTS.find((c) => c.name === 'models-share')!, reports.get('typical')!));
    expect(share.svg).toMatch(/>100%</);
    const tiers = await renderer.renderDetailed(drawChart(CHARTS.find((c) => c.name === 'value-tiers')!, reports.get('typical')!));
    expect(tiers.svg).toMatch(/>\$\d+(\.\d)?k</);
  });

  it('uses only the shipped fonts', () => {
    const file = useShippedFonts();
    expect(process.env['FONTCONFIG_FILE']).toBe(file);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toBe(fontconfigXml(shippedFontDir(), xml.match(/<cachedir>(.*)<\/cachedir>/)![1]!));
    expect([...xml.matchAll(/<dir>(.*?)<\/dir>/g)].map((m) => m[1])).toEqual([shippedFontDir()]);
    expect(xml).not.toMatch(/<include|\/usr\/share\/fonts|<dir prefix/);
    expect(readFileSync(`${shippedFontDir()}/DejaVuSans.ttf`).subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0]));
  });
});
