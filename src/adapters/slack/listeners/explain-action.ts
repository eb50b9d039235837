import type { App, BlockAction } from '@slack/bolt';
import { answerInChat } from '../../../app/answer-in-chat.ts';
import { ACTION } from '../action-ids.ts';
import { slackAsk, type SlackAnswerDeps } from '../answer-service.ts';
import { replyBlocks } from '../reply-blocks.ts';
import { askedBy, failUnder } from './action-command.ts';

/** "Explain these numbers": what the view's numbers mean, as a second private message under the answer. */
export function registerExplainAction(app: App, deps: SlackAnswerDeps): void {
  app.action<BlockAction>(ACTION.explain, async (args) => {
    await args.ack();
    const asked = askedBy(args);
    if (!asked) return;
    await answerInChat(deps, slackAsk(deps, asked, 'explain'), {
      send: async (answer) => {
        await args.respond({ response_type: 'ephemeral', replace_original: false, ...replyBlocks(answer.reply, { interactive: false }) });
      },
      fail: failUnder(args.respond),
    });
  });
}
