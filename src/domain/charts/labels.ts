/** Label length control: long names get an ellipsis in the middle (their ends tell them apart), and stay distinct. */

export const MAX_LABEL = 26;

export function truncate(text: string, max = MAX_LABEL): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(-tail).join('') : ''}`;
}

/** Truncates every label; two that end up equal get " #2", " #3"... so bars never merge. */
export function truncateAll(texts: string[], max = MAX_LABEL): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const short = truncate(text, max);
    const n = (seen.get(short) ?? 0) + 1;
    seen.set(short, n);
    return n === 1 ? short : `${truncate(text, max - 2 - String(n).length)} #${n}`;
  });
}

/** Breaks a message into lines of at most `width` characters at spaces (a longer word gets its own line). */
export function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const capital = (word: string) => (word ? word[0]!.toUpperCase() + word.slice(1) : word);
// words that are names or acronyms, not ordinary words
const WORD_NAMES: Readonly<Record<string, string>> = { api: 'API', cli: 'CLI', ai: 'AI' };

/** "code_generation" -> "Code generation": a workflow category as a phrase. */
export function workflowLabel(workflow: string): string {
  return capital(workflow.replace(/[_-]+/g, ' ').trim());
}

/** "claude-code" -> "Claude Code", "gemini-cli" -> "Gemini CLI": a tool id as a name. */
export function toolLabel(tool: string): string {
  return titleWords(tool);
}

/** ("claude-code", "max_5x") -> "Claude Code Max 5x": a license tier with its tool. */
export function tierLabel(tool: string, tier: string): string {
  return `${toolLabel(tool)} ${titleWords(tier)}`.trim();
}

function titleWords(id: string): string {
  return id
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => WORD_NAMES[w.toLowerCase()] ?? capital(w))
    .join(' ');
}
