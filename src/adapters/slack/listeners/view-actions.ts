import type { App, BlockAction } from '@slack/bolt';
import { answerInChat } from '../../../app/answer-in-chat.ts';
import { ACTION } from '../action-ids.ts';
import { slackAsk, type SlackAnswerDeps } from '../answer-service.ts';
import { sendPrivateAnswer } from '../private-answer.ts';
import { askedBy, failUnder } from './action-command.ts';

/** The view switcher and the org/users toggle: answer again and replace the private answer in place. */
export function registerViewActions(app: App, deps: SlackAnswerDeps): void {
  app.action<BlockAction>(new RegExp(`^(${ACTION.view}|${ACTION.scope})$`), async (args) => {
    await args.ack();
    const asked = askedBy(args);
    if (!asked) return;
    await answerInChat(deps, slackAsk(deps, asked), {
      send: (answer) => sendPrivateAnswer(deps, { client: args.client, respond: args.respond, userId: asked.userId, answer, replaceOriginal: true }),
      fail: failUnder(args.respond),
    });
  });
}
