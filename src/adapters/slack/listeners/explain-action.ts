import type { App, BlockAction } from '@slack/bolt';
import { ACTION } from '../action-ids.ts';
import { answerFor, type SlackAnswerDeps } from '../answer-service.ts';
import { replyBlocks } from '../reply-blocks.ts';
import { commandOf } from './action-command.ts';

/** "Explain these numbers": what the view's numbers mean, as a second private message under the answer. */
export function registerExplainAction(app: App, deps: SlackAnswerDeps): void {
  app.action<BlockAction>(ACTION.explain, async ({ ack, action, body, respond, client, context }) => {
    await ack();
    const orgId = context.orgId as string | undefined;
    const text = commandOf(action);
    if (!orgId || text === null) return;
    const answer = await answerFor(deps, { client, orgId, teamId: body.team?.id ?? '', userId: body.user.id, text }, 'explain');
    await respond({ response_type: 'ephemeral', replace_original: false, ...replyBlocks(answer.reply, { interactive: false }) });
  });
}
