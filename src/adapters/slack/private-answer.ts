import type { RespondFn, webApi } from '@slack/bolt';
import type { Answer } from '../../app/answer-command.ts';
import type { RenderedChart } from '../../app/render-reply-charts.ts';
import { chartsFor, type SlackAnswerDeps } from './answer-service.ts';
import { directMessageChannel, uploadCharts, uploadPrivateChart } from './chart-upload.ts';
import { replyBlocks, type SlackMessage } from './reply-blocks.ts';

export const CHARTS_IN_DM = 'Charts: in your direct messages with Uptake';

/**
 * An answer only the asker sees: an ephemeral message through the response_url (works in any channel, even one the
 * bot is not in, and is the only way to update an ephemeral message in place) with its charts inside, as image
 * blocks of files uploaded privately to the app (shared with no channel: nobody else can open them). Where Slack
 * refuses the images, the numbers go alone and the charts to the asker's direct messages with the bot.
 */
export async function sendPrivateAnswer(
  deps: SlackAnswerDeps,
  target: { client: webApi.WebClient; respond: RespondFn; userId: string; answer: Answer; replaceOriginal: boolean },
): Promise<void> {
  const { answer } = target;
  const send = (message: SlackMessage) => target.respond({ response_type: 'ephemeral', replace_original: target.replaceOriginal, ...message });
  const charts = await chartsFor(deps, answer);
  const images = await privateImages(deps, target.client, charts);
  if (images.length > 0) {
    try {
      await send(replyBlocks(answer.reply, { interactive: true, images }));
      return;
    } catch (error) {
      deps.onError(error);
    }
  }
  await send(replyBlocks(answer.reply, { interactive: true, chartsNote: charts.length > 0 ? CHARTS_IN_DM : null }));
  if (charts.length === 0) return;
  const channel = await directMessageChannel(target.client, target.userId);
  await uploadCharts(target.client, charts, { channel, comment: `${answer.reply.title} (${answer.reply.subtitle})` });
}

/** The charts uploaded as private files, or none when an upload fails (then they go to the direct messages). */
async function privateImages(deps: SlackAnswerDeps, client: webApi.WebClient, charts: RenderedChart[]): Promise<Array<{ fileId: string; title: string }>> {
  try {
    return await Promise.all(charts.map(async (chart) => ({ fileId: await uploadPrivateChart(client, chart), title: chart.title })));
  } catch (error) {
    deps.onError(error);
    return [];
  }
}
