import type { ChartRenderer } from '../../app/ports.ts';
import type { ChartDrawing } from '../../domain/charts/chart-types.ts';
import { wrapLines } from '../../domain/charts/labels.ts';
import { formatNumber, type NumberFormat } from '../../domain/charts/number-format.ts';
import { useShippedFonts } from './fontconfig.ts';
import { SpecLibrary } from './spec-library.ts';

export const EMPTY_SPEC = 'empty.vl.json';
/** 2× pixel density: librsvg renders SVG user units at 72 dpi, so 144 dpi doubles every dimension. */
const DENSITY = 144;
/** the empty-state message is wrapped to fit the image by Vega's text width estimate (about 0.8 em per character, no canvas) */
const EMPTY_LINE_CHARS = 36;

type Vega = typeof import('vega');
type Sharp = typeof import('sharp');

export interface RenderedChart {
  png: Buffer;
  svg: string;
  /** Vega-Lite compile warnings and Vega runtime warnings */
  warnings: string[];
  width: number;
  height: number;
}

function withData(vega: import('vega').Spec, drawing: ChartDrawing, datasets: Record<string, unknown[]>): import('vega').Spec {
  const spec = structuredClone(vega);
  spec.title = { ...(typeof spec.title === 'object' ? spec.title : {}), text: drawing.title, subtitle: drawing.subtitle };
  for (const data of spec.data ?? []) {
    const values = datasets[data.name];
    if (values) (data as { values?: unknown[] }).values = values;
  }
  return spec;
}

/** Vega-Lite → Vega → SVG (vega, no canvas) → PNG (sharp/librsvg, shipped fonts only). */
export class VegaChartRenderer implements ChartRenderer {
  private modules: Promise<{ vega: Vega; sharp: Sharp['default'] }> | null = null;

  constructor(readonly specs = new SpecLibrary()) {}

  private load(): Promise<{ vega: Vega; sharp: Sharp['default'] }> {
    this.modules ??= (async () => {
      useShippedFonts();
      const [vega, sharp] = await Promise.all([import('vega'), import('sharp')]);
      vega.expressionFunction('uptakeFormat', (value: number, format: NumberFormat) => formatNumber(value, format));
      // every chart is new input: libvips' operation cache would only hold memory
      sharp.default.cache(false);
      return { vega, sharp: sharp.default };
    })();
    return this.modules;
  }

  async render(drawing: ChartDrawing): Promise<Buffer> {
    return (await this.renderDetailed(drawing)).png;
  }

  async renderDetailed(drawing: ChartDrawing): Promise<RenderedChart> {
    const { vega, sharp } = await this.load();
    const file = drawing.empty === null ? drawing.spec : EMPTY_SPEC;
    const datasets = drawing.empty === null ? drawing.datasets : { table: [{ message: wrapLines(drawing.empty, EMPTY_LINE_CHARS) }] };
    const compiled = this.specs.get(file);
    const warnings = [...compiled.warnings];
    const logger = vega.logger(vega.Warn);
    logger.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      return logger;
    };
    logger.error = logger.warn;
    const view = new vega.View(vega.parse(withData(compiled.vega, drawing, datasets)), { renderer: 'none', logger });
    try {
      const svg = await view.toSVG();
      const png = await sharp(Buffer.from(svg), { density: DENSITY }).png().toBuffer();
      return { png, svg, warnings, width: compiled.width, height: compiled.height };
    } finally {
      view.finalize();
    }
  }
}
