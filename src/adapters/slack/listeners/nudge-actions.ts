import type { App, BlockAction } from '@slack/bolt';
import type { NudgeStore } from '../../../app/nudge-ports.ts';
import type { ReportReader } from '../../../app/ports.ts';
import { answerNudge } from '../../../app/send-nudges.ts';
import { parseNudgeCommand } from '../../../domain/nudges/nudge-message.ts';
import { ACTION } from '../action-ids.ts';
import { replyBlocks } from '../reply-blocks.ts';
import { commandOf, failUnder } from './action-command.ts';

export interface NudgeAnswering {
  nudges: NudgeStore;
  reader: ReportReader;
  now: () => Date;
  /** PUBLIC_URL, for the set-up commands */
  serverUrl: string | null;
  onError: (error: unknown) => void;
}

/** A button of a seat nudge: the answer recorded, the message updated in place to say what happens now. */
export function registerNudgeActions(app: App, deps: NudgeAnswering): void {
  app.action<BlockAction>(ACTION.nudge, async (args) => {
    await args.ack();
    const orgId = (args.context.orgId as string | undefined) ?? null;
    const text = commandOf(args.action);
    const parsed = text === null ? null : parseNudgeCommand(text);
    if (!orgId || !parsed) return;
    try {
      const reply = await answerNudge(deps, orgId, parsed.nudgeId, parsed.choice, deps.serverUrl);
      if (!reply) return await failUnder(args.respond)('This message is no longer known to Uptake.');
      await args.respond({ replace_original: true, ...replyBlocks(reply, { interactive: false }) });
    } catch (error) {
      deps.onError(error);
      await failUnder(args.respond)('Something went wrong while saving your answer. Please try again in a minute.').catch(deps.onError);
    }
  });
}
