import type { App } from '@slack/bolt';
import { answerInChat } from '../../../app/answer-in-chat.ts';
import { SLASH_COMMAND } from '../action-ids.ts';
import { slackAsk, type SlackAnswerDeps } from '../answer-service.ts';
import { sendPrivateAnswer } from '../private-answer.ts';

/** `/ai-adoption ...`: acknowledge at once, then answer the asker privately. */
export function registerSlashCommand(app: App, deps: SlackAnswerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client, context }) => {
    await ack();
    const asked = { client, orgId: (context.orgId as string | undefined) ?? null, teamId: command.team_id, userId: command.user_id, text: command.text };
    await answerInChat(deps, { ...slackAsk(deps, asked), place: { platform: 'slack', conversationId: command.channel_id } }, {
      send: (answer) => sendPrivateAnswer(deps, { client, respond, userId: command.user_id, answer, replaceOriginal: false }),
      fail: async (text) => {
        await respond({ response_type: 'ephemeral', text });
      },
    });
  });
}
