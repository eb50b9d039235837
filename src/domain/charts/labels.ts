/** Label length control: long names get an ellipsis, and truncated names stay distinct. */

export const MAX_LABEL = 28;

export function truncate(text: string, max = MAX_LABEL): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Truncates every label; two that end up equal get " #2", " #3"... so bars never merge. */
export function truncateAll(texts: string[], max = MAX_LABEL): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const short = truncate(text, max);
    const n = (seen.get(short) ?? 0) + 1;
    seen.set(short, n);
    return n === 1 ? short : `${truncate(text, max - 3 - String(n).length)} #${n}`;
  });
}
