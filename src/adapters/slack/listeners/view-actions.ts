import type { App, BlockAction } from '@slack/bolt';
import { FAILED, NOT_CONNECTED } from '../../../app/answer-command.ts';
import { ACTION } from '../action-ids.ts';
import { answerFor, type SlackAnswerDeps } from '../answer-service.ts';
import { sendPrivateAnswer } from '../private-answer.ts';
import { commandOf } from './action-command.ts';

/** The view switcher and the org/users toggle: answer again and replace the private answer in place. */
export function registerViewActions(app: App, deps: SlackAnswerDeps): void {
  app.action<BlockAction>(new RegExp(`^(${ACTION.view}|${ACTION.scope})$`), async ({ ack, action, body, respond, client, context }) => {
    await ack();
    const orgId = context.orgId as string | undefined;
    const text = commandOf(action);
    if (!orgId || text === null) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: NOT_CONNECTED });
      return;
    }
    try {
      const answer = await answerFor(deps, { client, orgId, teamId: body.team?.id ?? '', userId: body.user.id, text });
      await sendPrivateAnswer(deps, { client, respond, userId: body.user.id, answer, replaceOriginal: true });
    } catch (error) {
      deps.onError(error);
      await respond({ response_type: 'ephemeral', replace_original: false, text: FAILED }).catch(() => {});
    }
  });
}
