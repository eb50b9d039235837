import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export const CHARTS_DIR = fileURLToPath(new URL('../../../charts/', import.meta.url));

export interface CompiledSpec {
  vega: VegaSpec;
  width: number;
  height: number;
  /** Vega-Lite compiler warnings (tests require none) */
  warnings: string[];
}

const TITLE_PLACEHOLDER = { text: 'title', subtitle: ['subtitle'] };

function collectingLogger(sink: string[]) {
  let level = 2;
  const record = (...args: unknown[]) => {
    sink.push(args.map(String).join(' '));
  };
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: record,
    warn: record,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Loads `charts/*.vl.json` and the theme once, compiles each spec once with the theme, and keeps the result. */
export class SpecLibrary {
  private readonly theme: Record<string, unknown>;
  private readonly cache = new Map<string, CompiledSpec>();

  constructor(private readonly dir = CHARTS_DIR) {
    this.theme = JSON.parse(readFileSync(join(dir, 'theme.json'), 'utf8')) as Record<string, unknown>;
  }

  get(file: string): CompiledSpec {
    const hit = this.cache.get(file);
    if (hit) return hit;
    const spec = JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as TopLevelSpec & { width?: number; height?: number };
    if (typeof spec.width !== 'number' || typeof spec.height !== 'number') throw new Error(`${file}: width and height must be numbers`);
    const warnings: string[] = [];
    const { spec: vega } = compile({ ...spec, title: TITLE_PLACEHOLDER } as TopLevelSpec, { config: this.theme, logger: collectingLogger(warnings) as never });
    const compiled = { vega, width: spec.width, height: spec.height, warnings };
    this.cache.set(file, compiled);
    return compiled;
  }
}
