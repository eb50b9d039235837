import type { App, BlockAction } from '@slack/bolt';
import { answerInChat } from '../../../app/answer-in-chat.ts';
import { csvFileName, reportTables, toCsv } from '../../../domain/metrics/report-csv.ts';
import { ACTION } from '../action-ids.ts';
import { slackAsk, type SlackAnswerDeps } from '../answer-service.ts';
import { directMessageChannel } from '../chart-upload.ts';
import { askedBy, failUnder } from './action-command.ts';

export const CSV_SENT = 'The CSV files of this answer are in your direct messages with Uptake.';

/**
 * "CSV": the answer's report again, with the presser's permissions, as one CSV file per table (the summary, then
 * each list), uploaded to the presser's direct messages with the app: only they can open them.
 */
export function registerCsvAction(app: App, deps: SlackAnswerDeps): void {
  app.action<BlockAction>(ACTION.csv, async (args) => {
    await args.ack();
    const asked = askedBy(args);
    if (!asked) return;
    const privateLine = failUnder(args.respond);
    await answerInChat(deps, slackAsk(deps, asked), {
      send: async (answer) => {
        if (!answer.report) return privateLine('This answer has no table to export.');
        const report = answer.report;
        const files = [...reportTables(report)].map(([table, rows]) => ({ file: Buffer.from(toCsv(rows), 'utf8'), filename: csvFileName(report, table), title: `${answer.reply.title}: ${table}` }));
        const channel = await directMessageChannel(args.client, asked.userId);
        await args.client.files.uploadV2({ channel_id: channel, initial_comment: `${answer.reply.title} (${answer.reply.subtitle}) as CSV`, file_uploads: files });
        await privateLine(CSV_SENT);
      },
      fail: privateLine,
    });
  });
}
