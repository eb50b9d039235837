import type { Reply, ReplyAction, ReplyFact } from '../../domain/replies/reply-types.ts';

/** A chart shown by URL (a signed /c/<token>.png link): Teams caps a message at about 28 KB, so never inline base64. */
export interface CardImage {
  title: string;
  url: string;
}

export interface CardOptions {
  /** false for a snapshot: no buttons */
  interactive: boolean;
  /** a Share button (channels and group chats only: a personal chat has nobody to share with) */
  shareable: boolean;
  images: CardImage[];
  /** a line under the answer, e.g. "Shared by Ann Lee" or why charts are missing */
  note?: string | null;
}

type Element = Record<string, unknown>;

const TEXT_MAX = 2000;

const clip = (text: string, max = TEXT_MAX) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Adaptive Card text is Markdown, and Teams does not honour backslash escapes: typed text (team names, errors that
 * quote the command) must not become a link, so its square brackets become round ones.
 */
export function escapeCardText(text: string): string {
  return text.replace(/\[/g, '(').replace(/\]/g, ')');
}

const textBlock = (text: string, style: Element = {}): Element => ({ type: 'TextBlock', text: clip(text), wrap: true, ...style });

function factValue(fact: ReplyFact): string {
  const value = fact.change === null ? fact.value : `${fact.value}  ${fact.change}`;
  return fact.aside ? `${value} · ${fact.aside}` : value;
}

function submit(title: string, data: Element): Element {
  return { type: 'Action.Submit', title, data };
}

function cardActions(actions: ReplyAction[], shareable: boolean): { inputs: Element[]; buttons: Element[] } {
  const inputs: Element[] = [];
  const buttons: Element[] = [];
  for (const action of actions) {
    if (action.kind === 'switch-view') {
      const current = action.options.find((o) => o.view === action.current);
      inputs.push({
        type: 'Input.ChoiceSet',
        id: 'uptakeView',
        style: 'compact',
        label: 'View',
        ...(current ? { value: current.command } : {}),
        choices: action.options.map((o) => ({ title: o.label, value: o.command })),
      });
      buttons.push(submit('Show view', { uptake: 'view' }));
    } else if (action.kind !== 'share' || shareable) {
      buttons.push(submit(action.label, { uptake: action.kind, command: action.command }));
    }
  }
  return { inputs, buttons };
}

/** A Reply as an Adaptive Card (schema 1.5): title, subtitle, a FactSet with ▲▼ changes, text, notes, charts, freshness, buttons. */
export function replyCard(reply: Reply, options: CardOptions): Element {
  const body: Element[] = [textBlock(escapeCardText(reply.title), { size: 'Large', weight: 'Bolder' })];
  if (reply.subtitle) body.push(textBlock(escapeCardText(reply.subtitle), { isSubtle: true, spacing: 'None' }));
  if (reply.facts.length > 0) body.push({ type: 'FactSet', facts: reply.facts.map((f) => ({ title: escapeCardText(f.label), value: escapeCardText(factValue(f)) })) });
  if (reply.body !== null) body.push(textBlock(escapeCardText(reply.body), reply.kind === 'help' ? { fontType: 'Monospace' } : {}));
  for (const note of reply.notes) body.push(textBlock(`ℹ️ ${escapeCardText(note)}`, { isSubtle: true, size: 'Small' }));
  for (const image of options.images) body.push({ type: 'Image', url: image.url, altText: clip(image.title, 200), size: 'Stretch' });
  const line = [reply.context, options.note ?? ''].filter((part) => part.length > 0).join(' · ');
  if (line) body.push(textBlock(escapeCardText(line), { isSubtle: true, size: 'Small' }));
  const card: Element = { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
  if (options.interactive) {
    const { inputs, buttons } = cardActions(reply.actions, options.shareable);
    body.push(...inputs);
    if (buttons.length > 0) card.actions = buttons;
  }
  return card;
}

/** The notification and screen-reader summary of a card. */
export function cardSummary(reply: Reply): string {
  return clip(reply.body !== null ? `${reply.title}: ${reply.body}` : reply.title, 500);
}
