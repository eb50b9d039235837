import type { webApi } from '@slack/bolt';
import { answerCommand, type Answer } from '../../app/answer-command.ts';
import type { ChartRenderer, ReportReader } from '../../app/ports.ts';
import { renderReplyCharts, type RenderedChart } from '../../app/render-reply-charts.ts';
import type { SlackPeople } from './slack-people.ts';

export interface SlackAnswerDeps {
  reader: ReportReader;
  renderer: ChartRenderer;
  people: SlackPeople;
  now: () => Date;
  onError: (error: unknown) => void;
}

export interface Asked {
  client: webApi.WebClient;
  orgId: string;
  teamId: string;
  userId: string;
  text: string;
}

/** Answers a command for a Slack user: their email and permission from Slack and the org's allow-list. */
export async function answerFor(deps: SlackAnswerDeps, asked: Asked, mode: 'answer' | 'explain' = 'answer'): Promise<Answer> {
  const { client, orgId, teamId, userId } = asked;
  const [email, mayViewPeople] = await Promise.all([
    deps.people.email(client, teamId, userId).catch((error: unknown) => {
      deps.onError(error);
      return null;
    }),
    deps.people.mayViewPeople(client, orgId, teamId, userId),
  ]);
  const resolvePerson = async (person: { kind: string; userId?: string }) =>
    person.kind === 'mention' && person.userId ? deps.people.email(client, teamId, person.userId).catch(() => null) : null;
  return answerCommand({ reader: deps.reader, resolvePerson, onError: deps.onError }, asked.text, { orgId, email, mayViewPeople }, deps.now(), mode);
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
