import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
import type { Reply, ReplyAction, ReplyFact } from '../../domain/replies/reply-types.ts';
import { ACTION } from './action-ids.ts';

export interface SlackMessage {
  /** notification and screen-reader text */
  text: string;
  blocks: KnownBlock[];
}

export interface BlockOptions {
  /** false for a shared snapshot: no buttons (a click would answer with the clicker's permissions in public) */
  interactive: boolean;
  /** where the charts went, e.g. "Charts: in your direct messages with Uptake" */
  chartsNote?: string | null;
  /** charts shown in the message itself: images uploaded to Slack before (their file ids) */
  images?: Array<{ fileId: string; title: string }>;
}

const HEADER_MAX = 150;
const FIELDS_PER_SECTION = 10;
const TEXT_MAX = 2900;

/** Slack's mrkdwn gives &, < and > meanings: user-typed text must not become mentions or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function factText(fact: ReplyFact): string {
  const change = fact.change === null ? '' : `  ${fact.change}`;
  const aside = fact.aside ? `\n_${escapeMrkdwn(fact.aside)}_` : '';
  return `*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}${change}${aside}`;
}

function factSections(facts: ReplyFact[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let i = 0; i < facts.length; i += FIELDS_PER_SECTION) {
    sections.push({ type: 'section', fields: facts.slice(i, i + FIELDS_PER_SECTION).map((f) => ({ type: 'mrkdwn', text: factText(f) })) });
  }
  return sections;
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, TEXT_MAX) }] };
}

function controls(actions: ReplyAction[]): KnownBlock | null {
  const elements = actions.map((action) => {
    if (action.kind === 'switch-view') {
      const options = action.options.map((o) => ({ text: { type: 'plain_text' as const, text: o.label }, value: o.command }));
      const initial = options[action.options.findIndex((o) => o.view === action.current)];
      return { type: 'static_select' as const, action_id: ACTION.view, placeholder: { type: 'plain_text' as const, text: 'Switch view' }, options, ...(initial ? { initial_option: initial } : {}) };
    }
    const id = ACTION[action.kind];
    return {
      type: 'button' as const,
      action_id: id,
      text: { type: 'plain_text' as const, text: action.label },
      value: action.command,
      ...(action.kind === 'share' ? { style: 'primary' as const } : {}),
    };
  });
  return elements.length === 0 ? null : { type: 'actions', elements };
}

function fallbackText(reply: Reply): string {
  if (reply.body !== null) return clip(`${reply.title}: ${reply.body}`, TEXT_MAX);
  const facts = reply.facts.map((f) => `${f.label} ${f.value}${f.change ? ` (${f.change})` : ''}${f.aside ? ` ${f.aside}` : ''}`).join(', ');
  return clip(`${reply.title}: ${facts}`, TEXT_MAX);
}

/** A Reply as a Block Kit message: header, subtitle, facts with ▲▼ changes, notes, freshness and coverage, controls. */
export function replyBlocks(reply: Reply, options: BlockOptions): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clip(reply.title, HEADER_MAX) } }];
  if (reply.subtitle) blocks.push(context(escapeMrkdwn(reply.subtitle)));
  blocks.push(...factSections(reply.facts));
  if (reply.body !== null) {
    const body = reply.kind === 'help' ? `\`\`\`${reply.body}\`\`\`` : escapeMrkdwn(reply.body);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(body, TEXT_MAX) } });
  }
  for (const note of reply.notes) blocks.push(context(`:information_source: ${note.replace(/[<>&]/g, (c) => escapeMrkdwn(c))}`));
  for (const image of options.images ?? []) {
    blocks.push({ type: 'image', slack_file: { id: image.fileId }, alt_text: clip(image.title, 2000), title: { type: 'plain_text', text: clip(image.title, HEADER_MAX) } });
  }
  const line = [reply.context, options.chartsNote ?? ''].filter((p) => p.length > 0).join(' · ');
  if (line) blocks.push(context(line));
  if (options.interactive) {
    const block = controls(reply.actions);
    if (block) blocks.push(block);
  }
  return { text: fallbackText(reply), blocks };
}
