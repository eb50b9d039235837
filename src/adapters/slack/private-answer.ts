import type { RespondFn, webApi } from '@slack/bolt';
import type { Answer } from '../../app/answer-command.ts';
import { chartsFor, type SlackAnswerDeps } from './answer-service.ts';
import { directMessageChannel, uploadCharts } from './chart-upload.ts';
import { replyBlocks } from './reply-blocks.ts';

export const CHARTS_IN_DM = 'Charts: in your direct messages with Uptake';

/**
 * An answer only the asker sees: an ephemeral message through the response_url (works in any channel, even one the
 * bot is not in, and is the only way to update an ephemeral message in place), and the charts in the asker's direct
 * messages with the bot, since a file uploaded to a channel would be visible to everyone in it.
 */
export async function sendPrivateAnswer(
  deps: SlackAnswerDeps,
  target: { client: webApi.WebClient; respond: RespondFn; userId: string; answer: Answer; replaceOriginal: boolean },
): Promise<void> {
  const { answer } = target;
  const charts = chartsFor(deps, answer);
  const message = replyBlocks(answer.reply, { interactive: true, chartsNote: answer.reply.charts.length > 0 ? CHARTS_IN_DM : null });
  await target.respond({ response_type: 'ephemeral', replace_original: target.replaceOriginal, ...message });
  const rendered = await charts;
  if (rendered.length === 0) return;
  const channel = await directMessageChannel(target.client, target.userId);
  await uploadCharts(target.client, rendered, { channel, comment: `${answer.reply.title} (${answer.reply.subtitle})` });
}
