/** The action ids of the answer's controls; each carries the command to run in its value. */
export const ACTION = {
  view: 'uptake_view',
  scope: 'uptake_scope',
  explain: 'uptake_explain',
  share: 'uptake_share',
  csv: 'uptake_csv',
  nudge: 'uptake_nudge',
} as const;

export const SLASH_COMMAND = '/ai-adoption';
