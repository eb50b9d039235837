/** Why a line that looked like it carried usage was not turned into a model request. */
export type SkipReason = 'corrupt-json' | 'no-timestamp' | 'bad-usage' | 'no-session' | 'no-model';

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  'corrupt-json': 'corrupt or truncated JSON',
  'no-timestamp': 'missing or invalid timestamp',
  'bad-usage': 'usage without valid token counts',
  'no-session': 'no session id',
  'no-model': 'no model',
};

export type SkipCounts = Partial<Record<SkipReason, number>>;

export function countSkip(counts: SkipCounts, reason: SkipReason): void {
  counts[reason] = (counts[reason] ?? 0) + 1;
}
