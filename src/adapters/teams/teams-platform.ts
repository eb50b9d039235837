import { CardFactory, MessageFactory, TeamsInfo, type Activity, type Attachment, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import { ConversationGoneError, PeopleSearchUnavailableError, type ChartLinks, type ChatConversation, type ChatMessage, type ChatPlatform, type ChatTarget, type DeliveryAttempt } from '../../app/ports.ts';
import { findChart } from '../../domain/charts/chart-catalog.ts';
import { cardSummary, replyCard, type CardImage } from './adaptive-card.ts';
import type { ConversationBook, TeamsConversation } from './conversation-book.ts';

export const NO_PUBLIC_URL_NOTE = 'Charts need the Uptake server’s public URL (PUBLIC_URL)';

/** The audience of outbound Bot Connector tokens (public cloud). */
const CONNECTOR_AUDIENCE = 'https://api.botframework.com';

export interface TeamsPlatformOptions {
  adapter: CloudAdapter;
  /** the bot's Microsoft app id; empty in development mode */
  appId: string;
  book: ConversationBook;
  links: ChartLinks;
  /** the service URL allow-list: nothing is ever sent anywhere else */
  serviceUrlAllowed: (url: string) => boolean;
}

/** No stored conversation for the target (never installed there, or uninstalled). */
export class TargetNotFoundError extends ConversationGoneError {}

/** The Bot Connector's answers when the conversation is gone or the bot was removed from it. */
const GONE_STATUSES = new Set([403, 404]);

function referenceOf(conversation: TeamsConversation, conversationId: string): Partial<ConversationReference> {
  return {
    channelId: conversation.channelId,
    serviceUrl: conversation.serviceUrl,
    bot: { id: conversation.botId, name: 'Uptake' },
    conversation: { id: conversationId, conversationType: conversation.conversationType, tenantId: conversation.tenantId, isGroup: conversation.conversationType !== 'personal', name: '' },
    ...(conversation.userId ? { user: { id: conversation.userId, name: '', aadObjectId: conversation.aadObjectId ?? undefined } } : {}),
  };
}

/** Microsoft Teams as a chat platform: posts and updates Adaptive Cards through stored conversation references. */
export class TeamsPlatform implements ChatPlatform {
  readonly name = 'teams' as const;

  constructor(private readonly options: TeamsPlatformOptions) {}

  async conversations(orgId: string): Promise<ChatConversation[]> {
    const stored = await this.options.book.list(orgId);
    return stored.map((c) => ({
      platform: 'teams',
      orgId,
      workspaceId: c.tenantId,
      conversationId: c.conversationId,
      kind: c.conversationType === 'groupChat' ? 'group' : c.conversationType,
      name: c.name,
    }));
  }

  async post(orgId: string, target: ChatTarget, message: ChatMessage): Promise<{ conversationId: string; messageId: string }> {
    return this.send(orgId, target, async (context) => {
      const activity = this.activityOf(message, context.activity.conversation.conversationType !== 'personal');
      if (target.kind === 'update') {
        await context.updateActivity({ ...activity, id: target.messageId });
        return target.messageId;
      }
      return (await context.sendActivity(activity))?.id ?? '';
    });
  }

  /**
   * A placeholder first, its id recorded, then the card put in its place. Teams cannot look messages up, so a run
   * killed between the placeholder and the record leaves that placeholder behind; the card itself goes out once.
   */
  async deliverOnce(orgId: string, target: ChatTarget, delivery: DeliveryAttempt): Promise<void> {
    let placed = delivery.messageId ? { conversationId: await this.conversationOf(orgId, target), messageId: delivery.messageId } : null;
    if (!placed) {
      placed = await this.send(orgId, target, async (context) => (await context.sendActivity(MessageFactory.text(delivery.placeholder)))?.id ?? '');
      await delivery.recordMessage(placed.messageId);
    }
    await this.post(orgId, { kind: 'update', ...placed }, { answer: await delivery.compose(), interactive: true });
  }

  /**
   * A person by email, through a team or chat the bot is in: Teams looks a member up by user principal name. Teams
   * gives no time zone, so nudges follow the org's.
   */
  async findPerson(orgId: string, email: string): Promise<{ userId: string; timeZone: string | null } | null> {
    const stored = await this.options.book.list(orgId);
    const where = stored.find((c) => c.conversationType === 'channel') ?? stored.find((c) => c.conversationType === 'groupChat');
    if (!where) throw new PeopleSearchUnavailableError('Uptake is in no Teams channel or group chat of this org, where it could look people up: add it to a team');
    try {
      const member = await this.inConversation(where, where.conversationId, (context) => TeamsInfo.getMember(context, email));
      return member?.id ? { userId: member.id, timeZone: null } : null;
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 404) return null;
      throw error;
    }
  }

  private async conversationOf(orgId: string, target: ChatTarget): Promise<string> {
    if (target.kind !== 'direct') return target.conversationId;
    const personal = await this.options.book.findPersonal(orgId, target.userId);
    if (!personal) throw new TargetNotFoundError(`No personal Teams chat with ${target.userId} for this org`);
    return personal.conversationId;
  }

  /** A plain line of text (a note, an apology) in a conversation. */
  /** A card that is not an answer (a file consent or file info card), e.g. into a person's personal chat. */
  async postAttachment(orgId: string, target: ChatTarget, attachment: Attachment): Promise<void> {
    await this.send(orgId, target, async (context) => (await context.sendActivity(MessageFactory.attachment(attachment)))?.id ?? '');
  }

  async postText(orgId: string, target: ChatTarget, text: string): Promise<void> {
    await this.send(orgId, target, async (context) => (await context.sendActivity(MessageFactory.text(text)))?.id ?? '');
  }

  /** Runs `work` in a turn of a stored conversation: what lookups (members, emails) and sends go through. */
  async inConversation<T>(conversation: TeamsConversation, conversationId: string, work: (context: TurnContext) => Promise<T>): Promise<T> {
    if (!this.options.serviceUrlAllowed(conversation.serviceUrl)) throw new Error(`Teams service URL not allowed: ${conversation.serviceUrl}`);
    let result: T | undefined;
    try {
      await this.options.adapter.continueConversationAsync(this.options.appId, referenceOf(conversation, conversationId), async (context) => {
        result = await work(context);
      });
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && GONE_STATUSES.has(status)) throw new ConversationGoneError(`Teams conversation ${conversation.conversationId}: ${status}`);
      throw error;
    }
    return result as T;
  }

  private async send(orgId: string, target: ChatTarget, work: (context: TurnContext) => Promise<string>): Promise<{ conversationId: string; messageId: string }> {
    if (target.kind === 'direct') {
      const personal = (await this.options.book.findPersonal(orgId, target.userId)) ?? (await this.openPersonal(orgId, target.userId));
      const messageId = await this.inConversation(personal, personal.conversationId, work);
      return { conversationId: personal.conversationId, messageId };
    }
    const conversation = await this.options.book.find(orgId, target.conversationId);
    if (!conversation) throw new TargetNotFoundError(`No Teams conversation ${target.conversationId} for this org`);
    const id = target.kind === 'thread' ? `${conversation.conversationId};messageid=${target.threadId}` : conversation.conversationId;
    return { conversationId: conversation.conversationId, messageId: await this.inConversation(conversation, id, work) };
  }

  /** Creates a personal chat with a person of a tenant the bot is installed in, and remembers it. */
  private async openPersonal(orgId: string, userId: string): Promise<TeamsConversation> {
    const known = (await this.options.book.list(orgId))[0];
    if (!known) throw new TargetNotFoundError('Uptake is not installed in any Teams conversation of this org');
    if (!this.options.serviceUrlAllowed(known.serviceUrl)) throw new Error(`Teams service URL not allowed: ${known.serviceUrl}`);
    let created: TeamsConversation | null = null;
    const parameters = {
      isGroup: false,
      bot: { id: known.botId, name: 'Uptake' },
      members: [{ id: userId, name: '' }],
      tenantId: known.tenantId,
      channelData: { tenant: { id: known.tenantId } },
      activity: undefined as unknown as Activity,
    };
    await this.options.adapter.createConversationAsync(this.options.appId, known.channelId, known.serviceUrl, CONNECTOR_AUDIENCE, parameters, async (context) => {
      created = { ...known, conversationId: context.activity.conversation.id, conversationType: 'personal', userId, aadObjectId: null, teamId: null, name: null };
    });
    if (!created) throw new Error('Teams created no conversation');
    await this.options.book.save(created);
    return created;
  }

  private activityOf(message: ChatMessage, shareable: boolean): Partial<Activity> {
    const { answer } = message;
    const images: CardImage[] = [];
    let missing = false;
    for (const name of answer.request ? answer.reply.charts : []) {
      const url = this.options.links.linkFor(name, answer.request!);
      if (url) images.push({ title: findChart(name)?.title ?? name, url });
      else missing = true;
    }
    const note = [message.note ?? '', missing ? NO_PUBLIC_URL_NOTE : ''].filter((part) => part.length > 0).join(' · ');
    const card = replyCard(answer.reply, { interactive: message.interactive, shareable, images, note: note || null });
    return { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), summary: cardSummary(answer.reply) };
  }
}
