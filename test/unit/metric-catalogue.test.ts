import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_KEYS, METRICS } from '../../src/domain/metrics/catalogue.ts';
import { FACTS } from '../../src/domain/replies/fact-definitions.ts';

// docs/metrics.md defines each catalogue metric as one line `- **<label>** (`<key>`...): ...` under a `## ` heading.

interface Documented {
  label: string;
  key: string;
  anchor: string;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
}

function documentedMetrics(markdown: string): Documented[] {
  const out: Documented[] = [];
  let anchor = '';
  for (const line of markdown.split('\n')) {
    const heading = /^##\s+(.+)$/.exec(line);
    if (heading) anchor = anchorOf(heading[1]!);
    const definition = /^- \*\*([^*]+)\*\* \(`([A-Za-z]+)`/.exec(line);
    if (definition) out.push({ label: definition[1]!, key: definition[2]!, anchor });
  }
  return out;
}

const docs = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
const documented = documentedMetrics(docs);

describe('the metric catalogue and docs/metrics.md', () => {
  it('finds the definitions it parses (the parser itself works)', () => {
    expect(documentedMetrics('## Sessions and tokens\n- **Tokens** (`totalTokens`) = input + output\n- **Not** a metric'))
      .toEqual([{ label: 'Tokens', key: 'totalTokens', anchor: 'sessions-and-tokens' }]);
    expect(documented.length).toBeGreaterThan(10);
  });

  it.each(METRIC_KEYS.map((k) => [k]))('%s is defined in docs/metrics.md under its anchor, with its label', (key) => {
    const found = documented.filter((d) => d.key === key);
    expect(found, `no "- **${METRICS[key].label}** (\`${key}\`)" line in docs/metrics.md`).toHaveLength(1);
    expect(found[0]).toEqual({ label: METRICS[key].label, key, anchor: METRICS[key].anchor });
  });

  it('defines nothing in docs/metrics.md that the catalogue lacks', () => {
    const unknown = documented.filter((d) => !(METRIC_KEYS as readonly string[]).includes(d.key)).map((d) => d.key);
    expect(unknown).toEqual([]);
  });

  it('every anchor is a heading of docs/metrics.md', () => {
    const anchors = new Set(docs.split('\n').flatMap((l) => (/^##\s+(.+)$/.exec(l) ? [anchorOf(l.replace(/^##\s+/, ''))] : [])));
    for (const key of METRIC_KEYS) expect(anchors, key).toContain(METRICS[key].anchor);
  });

  it('each entry carries its own key and a definition', () => {
    for (const key of METRIC_KEYS) {
      expect(METRICS[key].key).toBe(key);
      expect(METRICS[key].definition.length).toBeGreaterThan(10);
    }
  });

  it('chat answers take their labels and formats from the catalogue', () => {
    for (const facts of Object.values(FACTS)) {
      for (const f of facts) {
        expect(f.format).toBe(METRICS[f.key].format);
        expect(f.better).toBe(METRICS[f.key].better);
      }
    }
    expect(FACTS.usage.map((f) => f.label)).toEqual(['Active users', 'Sessions', 'Sessions per user', 'Tokens', 'Tokens per session']);
  });
});

describe('one definition of "active" and of Tokens', () => {
  // prompts + requests (activity) and input + output (Tokens) are written only in period-facts.ts (TypeScript) and
  // metric-sql.ts (SQL); everything else calls them.
  const allowed = new Set(['src/domain/metrics/period-facts.ts', 'src/adapters/postgres/metric-sql.ts']);
  const code = (text: string) => text.split('\n').filter((l) => !/^\s*(\/\/|\/?\*)/.test(l) && !/^\s*'[^']*'\),?$/.test(l)).join('\n');
  const files = readdirSync(new URL('../../src/', import.meta.url), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.includes('backfill'))
    .map((f) => `src/${f.replaceAll('\\', '/')}`);

  it.each([
    ['prompts + requests', /prompts\s*\+\s*(\w+\.)?requests/],
    // a sum of token fields, not a price formula (input * price + output * price) nor words in a string
    ['input + output tokens', /(?<!\*\s*(\w+\.)?|\w \()\b(\w+\.)?input(_tokens)?\s*\+\s*(\w+\.)?output(_tokens)?\b(?!\s*\*)/],
  ])('%s is written once', (_name, pattern) => {
    const offenders = files.filter((f) => !allowed.has(f) && pattern.test(code(readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8'))));
    expect(offenders).toEqual([]);
  });
});
