import type { BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction>;

/** The command a control carries: a button's value or the chosen option of the view switcher. */
export function commandOf(action: ActionArgs['action']): string | null {
  if (action.type === 'button') return action.value ?? null;
  if (action.type === 'static_select') return action.selected_option?.value ?? null;
  return null;
}
