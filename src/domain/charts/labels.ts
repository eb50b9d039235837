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
