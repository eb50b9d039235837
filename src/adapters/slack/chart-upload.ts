import type { webApi } from '@slack/bolt';
import type { RenderedChart } from '../../app/render-reply-charts.ts';

/** Uploads chart PNGs with files.uploadV2 (files.getUploadURLExternal, the upload, files.completeUploadExternal). */
export async function uploadCharts(
  client: webApi.WebClient,
  charts: RenderedChart[],
  target: { channel: string; threadTs?: string; comment: string },
): Promise<void> {
  if (charts.length === 0) return;
  await client.files.uploadV2({
    channel_id: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    initial_comment: target.comment,
    file_uploads: charts.map((chart) => ({ file: chart.png, filename: `${chart.name}.png`, title: chart.title, alt_text: chart.title })),
  });
}

/**
 * Uploads a chart PNG as a file shared with no channel: private to the app, shown only where the app puts it in a
 * message (an image block with its `slack_file` id). Returns the file id.
 */
export async function uploadPrivateChart(client: webApi.WebClient, chart: RenderedChart): Promise<string> {
  const result = await client.files.uploadV2({ file: chart.png, filename: `${chart.name}.png`, title: chart.title, alt_text: chart.title });
  const id = (result as { files?: Array<{ files?: Array<{ id?: string }> }> }).files?.[0]?.files?.[0]?.id;
  if (!id) throw new Error('files.uploadV2 returned no file id');
  return id;
}

/** The asker's direct-message channel with the bot (im:write): where a private answer's charts go. */
export async function directMessageChannel(client: webApi.WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}
