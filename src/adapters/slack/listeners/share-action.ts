import type { App, BlockAction } from '@slack/bolt';
import type { Answer } from '../../../app/answer-command.ts';
import { answerInChat } from '../../../app/answer-in-chat.ts';
import { ACTION } from '../action-ids.ts';
import { chartsFor, slackAsk, type SlackAnswerDeps } from '../answer-service.ts';
import { directMessageChannel, uploadCharts } from '../chart-upload.ts';
import { replyBlocks } from '../reply-blocks.ts';
import { CANNOT_POST, slackError } from '../slack-errors.ts';
import { askedBy, failUnder } from './action-command.ts';

export const NOT_SHARED = 'Not shared: this answer lists people, which stays with the people allowed to see it.';

/**
 * "Share in channel": the answer again, posted by the bot for everyone (a snapshot without controls, since a click
 * would answer with the clicker's permissions in public), its charts in the message's thread; the private copy goes.
 * Where the bot may not post, the answer goes in through the response_url and the charts stay in the sharer's DM.
 */
export function registerShareAction(app: App, deps: SlackAnswerDeps): void {
  app.action<BlockAction>(ACTION.share, async (args) => {
    await args.ack();
    const { body, client, respond } = args;
    const asked = askedBy(args);
    const channel = body.channel?.id;
    if (!asked || !channel) return;
    const share = async (answer: Answer) => {
      if (answer.namesPeople) return failUnder(respond)(NOT_SHARED);
      const charts = chartsFor(deps, answer);
      const message = replyBlocks(answer.reply, { interactive: false, chartsNote: `Shared by <@${body.user.id}>` });
      let threadTs: string | null = null;
      try {
        const posted = await client.chat.postMessage({ channel, ...message });
        threadTs = posted.ts ?? null;
      } catch (error) {
        if (!CANNOT_POST.has(slackError(error) ?? '')) throw error;
        await respond({ response_type: 'in_channel', replace_original: false, ...message });
      }
      await respond({ delete_original: true });
      const rendered = await charts;
      if (threadTs) await uploadCharts(client, rendered, { channel, threadTs, comment: answer.reply.title });
      else await uploadCharts(client, rendered, { channel: await directMessageChannel(client, body.user.id), comment: `${answer.reply.title} (not shared: invite the Uptake app to the channel to share charts)` });
    };
    await answerInChat(deps, slackAsk(deps, asked), { send: share, fail: failUnder(respond) });
  });
}
