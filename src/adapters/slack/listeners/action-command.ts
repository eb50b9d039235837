import type { AllMiddlewareArgs, BlockAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ChatAnswerSink } from '../../../app/answer-in-chat.ts';
import type { Asked } from '../answer-service.ts';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The command a control carries: a button's value or the chosen option of the view switcher. */
export function commandOf(action: ActionArgs['action']): string | null {
  if (action.type === 'button') return action.value ?? null;
  if (action.type === 'static_select') return action.selected_option?.value ?? null;
  return null;
}

/** What a pressed control asks (null when it carries no command). */
export function askedBy({ action, body, client, context }: ActionArgs): Asked | null {
  const text = commandOf(action);
  if (text === null) return null;
  return { client, orgId: (context.orgId as string | undefined) ?? null, teamId: body.team?.id ?? '', userId: body.user.id, text };
}

/** A failure under a control: a private line that leaves the message with the control in place. */
export function failUnder(respond: RespondFn): ChatAnswerSink['fail'] {
  return async (text) => {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  };
}
