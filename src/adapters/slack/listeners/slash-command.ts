import type { App } from '@slack/bolt';
import { FAILED, NOT_CONNECTED } from '../../../app/answer-command.ts';
import { SLASH_COMMAND } from '../action-ids.ts';
import { answerFor, type SlackAnswerDeps } from '../answer-service.ts';
import { sendPrivateAnswer } from '../private-answer.ts';

/** `/ai-adoption ...`: acknowledge at once, then answer the asker privately. */
export function registerSlashCommand(app: App, deps: SlackAnswerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client, context }) => {
    await ack();
    const orgId = context.orgId as string | undefined;
    if (!orgId) {
      await respond({ response_type: 'ephemeral', text: NOT_CONNECTED });
      return;
    }
    try {
      const answer = await answerFor(deps, { client, orgId, teamId: command.team_id, userId: command.user_id, text: command.text });
      await sendPrivateAnswer(deps, { client, respond, userId: command.user_id, answer, replaceOriginal: false });
    } catch (error) {
      deps.onError(error);
      await respond({ response_type: 'ephemeral', text: FAILED }).catch(() => {});
    }
  });
}
