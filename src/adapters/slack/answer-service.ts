import type { webApi } from '@slack/bolt';
import type { Answer } from '../../app/answer-command.ts';
import type { ChatAnswerDeps, ChatAsk } from '../../app/answer-in-chat.ts';
import type { ChartRenderer } from '../../app/ports.ts';
import { renderReplyCharts, type RenderedChart } from '../../app/render-reply-charts.ts';
import type { SlackPeople } from './slack-people.ts';

export interface SlackAnswerDeps extends ChatAnswerDeps {
  renderer: ChartRenderer;
  people: SlackPeople;
}

export interface Asked {
  client: webApi.WebClient;
  /** from the workspace's installation; null when the workspace is not connected */
  orgId: string | null;
  teamId: string;
  userId: string;
  text: string;
}

/** A Slack command as the chat core sees it: the asker's email and permission from Slack and the org's allow-list. */
export function slackAsk(deps: SlackAnswerDeps, asked: Asked, mode: 'answer' | 'explain' = 'answer'): ChatAsk {
  const { client, teamId, userId } = asked;
  return {
    orgId: asked.orgId,
    text: asked.text,
    mode,
    asker: async (orgId) => {
      const [email, mayViewPeople] = await Promise.all([
        deps.people.email(client, teamId, userId).catch((error: unknown) => {
          deps.onError(error);
          return null;
        }),
        deps.people.mayViewPeople(client, orgId, teamId, userId),
      ]);
      return { userId, email, mayViewPeople };
    },
    resolvePerson: async (person) => (person.kind === 'mention' && person.userId ? deps.people.email(client, teamId, person.userId).catch(() => null) : null),
  };
}

/** The answer's charts as PNGs; a chart that fails is left out (the numbers already went out). */
export async function chartsFor(deps: SlackAnswerDeps, answer: Answer): Promise<RenderedChart[]> {
  try {
    return await renderReplyCharts(deps.reader, deps.renderer, answer, deps.now());
  } catch (error) {
    deps.onError(error);
    return [];
  }
}
