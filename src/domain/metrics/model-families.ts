/**
 * Model families: every source names the same model its own way (Anthropic `claude-sonnet-4-5-20250929`, Bedrock
 * `us.anthropic.claude-sonnet-4-5-20250929-v1:0`, Vertex `claude-sonnet-4-5@20250929`, Cursor `claude-4.5-sonnet`).
 * `modelFamily` maps a raw id to one canonical key and display name; see docs/metrics.md "Models".
 */
export interface ModelFamily {
  /** canonical, lower-case: `claude-sonnet-4.5`, `gemini-2.5-pro`, `gpt-5`, `cursor-auto`; an unknown id keeps its own */
  key: string;
  /** display name: "Claude Sonnet 4.5", "Gemini 2.5 Pro", "GPT-5" */
  label: string;
}

/** Events without a model (prompts of a session that made no model request). */
export const NO_MODEL: ModelFamily = { key: '(none)', label: 'No model' };

// Hosting prefixes: paths (Vertex `publishers/anthropic/models/`, Gemini `models/`, gateways' `anthropic/`), Bedrock regions and provider.
const PREFIXES = [/^.*\//, /^(?:us|eu|apac|jp|au|ca|global|us-gov)\./, /^anthropic\./];
// Snapshot and hosting suffixes: Bedrock `-v1:0`, Vertex `@20250929`, dates, `-latest`, Claude Code's `[1m]`, a streaming `:stream...`.
const SUFFIXES = [/\[[^\]]*\]$/, /:stream\w*$/, /-v\d+(?::\d+)?$/, /:\d+$/, /@[\w.-]+$/, /-\d{8}$/, /-\d{4}-\d{2}-\d{2}$/, /-latest$/];
// Modes of one model (reasoning effort, thinking, Cursor's MAX and fast modes), not other models.
const MODES = /-(?:thinking|max|fast|high|medium|low|minimal)$/;

/** The raw id without hosting prefixes, snapshot dates and mode suffixes. */
function bareId(raw: string): string {
  let id = raw.trim().toLowerCase();
  for (const p of PREFIXES) id = id.replace(p, '');
  for (let before = ''; before !== id; ) {
    before = id;
    for (const s of SUFFIXES) id = id.replace(s, '');
    id = id.replace(MODES, '');
  }
  return id;
}

const capital = (word: string) => (word ? word[0]!.toUpperCase() + word.slice(1) : word);
const version = (major: string, minor: string | undefined) => (minor === undefined ? major : `${major}.${minor}`);

// claude-sonnet-4-5, claude-opus-4-1, claude-haiku-4-5, claude-sonnet-4 (tier first, since Claude 4)
const CLAUDE_TIER_FIRST = /^claude-([a-z]+)-(\d+)(?:[-.](\d))?$/;
// claude-3-5-haiku, claude-3-opus, Cursor's claude-4.5-sonnet and claude-4-sonnet (version first)
const CLAUDE_VERSION_FIRST = /^claude-(\d+)(?:[-.](\d))?-([a-z]+)$/;

function claude(id: string): ModelFamily | null {
  const tierFirst = CLAUDE_TIER_FIRST.exec(id);
  const versionFirst = CLAUDE_VERSION_FIRST.exec(id);
  const [tier, major, minor] = tierFirst ? [tierFirst[1], tierFirst[2], tierFirst[3]] : versionFirst ? [versionFirst[3], versionFirst[1], versionFirst[2]] : [];
  if (!tier || !major) return null;
  const v = version(major, minor);
  // Anthropic names Claude 3.x "Claude 3.5 Sonnet" and Claude 4 onwards "Claude Sonnet 4.5" (whatever order the source used)
  if (Number(major) < 4 && versionFirst) return { key: `claude-${v}-${tier}`, label: `Claude ${v} ${capital(tier)}` };
  return { key: `claude-${tier}-${v}`, label: `Claude ${capital(tier)} ${v}` };
}

// gemini-2.5-pro, gemini-2.5-flash-lite, gemini-2.0-flash-001, gemini-2.5-pro-preview-06-05, gemini-3-pro-preview
const GEMINI = /^gemini-(\d+(?:\.\d+)?)-([a-z]+(?:-[a-z]+)*?)(?:-preview(?:-[\w-]*)?|-exp(?:-[\w-]*)?|-\d{3})?$/;
const GEMINI_NAMES: Readonly<Record<string, string>> = { 'flash-lite': 'Flash-Lite' };

function gemini(id: string): ModelFamily | null {
  const m = GEMINI.exec(id);
  if (!m) return null;
  const [, v, variant] = m as unknown as [string, string, string];
  const name = GEMINI_NAMES[variant] ?? variant.split('-').map(capital).join(' ');
  return { key: `gemini-${v}-${variant}`, label: `Gemini ${v} ${name}` };
}

// gpt-5, gpt-5-mini, gpt-5-codex, gpt-4.1, gpt-4o-mini; o3, o4-mini
const GPT = /^gpt-(\d+(?:\.\d+)?o?)((?:-[a-z]+)*)$/;
const O_SERIES = /^(o\d)((?:-[a-z]+)*)$/;

function openai(id: string): ModelFamily | null {
  const gpt = GPT.exec(id);
  if (gpt) {
    const rest = (gpt[2] ?? '').split('-').filter(Boolean);
    return { key: id, label: [`GPT-${gpt[1]}`, ...rest.map(capital)].join(' ') };
  }
  const o = O_SERIES.exec(id);
  return o ? { key: id, label: id } : null;
}

// Cursor's router: `default` is what its plans API calls Auto
const CURSOR: Readonly<Record<string, ModelFamily>> = {
  auto: { key: 'cursor-auto', label: 'Cursor Auto' },
  default: { key: 'cursor-auto', label: 'Cursor Auto' },
};

/** "acme-coder-1" -> "Acme Coder 1": the words of an unknown id, capitalised. */
function readable(raw: string): string {
  const words = raw.trim().split(/[-_\s/:]+/).filter(Boolean);
  return words.length === 0 ? raw.trim() : words.map(capital).join(' ');
}

const known = new Map<string, ModelFamily>();

/** The family of a raw model id (any source); an unknown id is its own family with a readable label. */
export function modelFamily(raw: string): ModelFamily {
  const cached = known.get(raw);
  if (cached) return cached;
  const id = bareId(raw);
  const family = id === '' || raw.trim() === NO_MODEL.key ? NO_MODEL : (CURSOR[id] ?? claude(id) ?? gemini(id) ?? openai(id) ?? { key: raw.trim().toLowerCase(), label: readable(raw) });
  if (known.size > 10_000) known.clear();
  known.set(raw, family);
  return family;
}
