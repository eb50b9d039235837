import { ActivityTypes, TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import { answerNudge, type NudgeAnswering } from '../../app/send-nudges.ts';
import { parseNudgeCommand } from '../../domain/nudges/nudge-message.ts';
import type { Answer } from '../../app/answer-command.ts';
import { answerInChat, isPersonal, type ChatAnswerDeps } from '../../app/answer-in-chat.ts';
import type { ChatAsker, ChatTarget, ChatViewerList } from '../../app/ports.ts';
import { csvFileName, reportCsvBundle } from '../../domain/metrics/report-csv.ts';
import { consentCard, fileConsentOf, fileInfoCard, uploadToConsentUrl, type FileConsentAnswer } from './file-consent.ts';
import { type ConversationBook, splitThread, type TeamsConversation, type TenantDirectory } from './conversation-book.ts';
import { cardActionOf, commandText, conversationKindOf, teamOf, tenantOf, type CardAction } from './teams-activity.ts';
import type { TeamsPlatform } from './teams-platform.ts';

export const TENANT_NOT_CONNECTED = 'This Teams tenant is not connected to Uptake. Ask your Uptake admin to link it (`uptake admin teams link`).';
export const SENT_PRIVATELY = 'per-person numbers stay private, so I sent this answer to your personal chat with Uptake.';
export const CSV_OFFERED = 'I offered you the CSV file in your personal chat with Uptake (Teams asks you to allow it).';

export interface TeamsBotOptions {
  platform: TeamsPlatform;
  book: ConversationBook;
  tenants: TenantDirectory;
  viewers: ChatViewerList;
  answering: ChatAnswerDeps;
  nudges: NudgeAnswering | null;
  serviceUrlAllowed: (url: string) => boolean;
  /** an activity that was refused (service URL not allowed) */
  onRefused: (reason: string) => void;
}

interface Sender {
  id: string;
  aadObjectId: string | null;
  name: string;
}

function senderOf(activity: Activity): Sender {
  return { id: activity.from.id, aadObjectId: activity.from.aadObjectId ?? null, name: activity.from.name ?? 'Someone' };
}

/** The conversation an activity came from, as stored for later sends. */
function conversationOf(activity: Activity, orgId: string, tenantId: string): TeamsConversation {
  const type = conversationKindOf(activity);
  return {
    orgId,
    conversationId: splitThread(activity.conversation.id).base,
    tenantId,
    conversationType: type,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    botId: activity.recipient.id,
    userId: type === 'personal' ? activity.from.id : null,
    aadObjectId: type === 'personal' ? (activity.from.aadObjectId ?? null) : null,
    teamId: teamOf(activity),
    name: activity.conversation.name ?? null,
  };
}

/**
 * Uptake's Teams turns. A message is acknowledged at once and answered in the background through stored
 * conversation references (a turn's context dies with the HTTP request); install and uninstall events keep the
 * references up to date. Nothing is sent to a service URL off the allow-list, not even an error.
 */
export class TeamsBot {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: TeamsBotOptions) {}

  async onTurn(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (!this.options.serviceUrlAllowed(activity.serviceUrl ?? '')) {
      this.options.onRefused(`service URL not on the allow-list: ${String(activity.serviceUrl).slice(0, 200)}`);
      return;
    }
    const tenantId = tenantOf(activity);
    const orgId = tenantId ? await this.options.tenants(tenantId) : null;
    const consent = fileConsentOf(activity);
    if (consent) {
      // Teams waits for the invoke's answer: acknowledge at once, upload in the background
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
      if (orgId && tenantId) this.later(this.answerConsent(conversationOf(activity, orgId, tenantId), activity, consent));
      return;
    }
    if (activity.type === 'message') {
      if (!orgId || !tenantId) {
        await context.sendActivity(TENANT_NOT_CONNECTED);
        return;
      }
      const conversation = conversationOf(activity, orgId, tenantId);
      await this.options.book.save(conversation);
      this.later(this.answer(conversation, activity));
    } else if (orgId && tenantId) {
      await this.onMembership(activity, conversationOf(activity, orgId, tenantId));
    }
  }

  /** Waits for the answers in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private later(work: Promise<void>): void {
    const tracked = work.catch(this.options.answering.onError).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private async onMembership(activity: Activity, conversation: TeamsConversation): Promise<void> {
    const botId = activity.recipient.id;
    const added = activity.type === 'installationUpdate' ? activity.action?.startsWith('add') : activity.membersAdded?.some((m) => m.id === botId);
    const removed = activity.type === 'installationUpdate' ? activity.action?.startsWith('remove') : activity.membersRemoved?.some((m) => m.id === botId);
    if (added) await this.options.book.save(conversation);
    else if (removed) await this.options.book.forget(conversation.orgId, conversation.conversationId, conversation.teamId);
  }

  private async answer(conversation: TeamsConversation, activity: Activity): Promise<void> {
    const { platform } = this.options;
    const orgId = conversation.orgId;
    const sender = senderOf(activity);
    const action = cardActionOf(activity);
    if (action?.kind === 'nudge') return this.answerNudge(conversation, action.command, activity.replyToId ?? null);
    const thread = splitThread(activity.conversation.id).threadId;
    const here: ChatTarget = thread ? { kind: 'thread', conversationId: conversation.conversationId, threadId: thread } : { kind: 'conversation', conversationId: conversation.conversationId };
    const text = action?.command ?? (await this.commandOf(conversation, activity));
    await answerInChat(
      this.options.answering,
      {
        orgId,
        text,
        mode: action?.kind === 'explain' ? 'explain' : 'answer',
        place: { platform: 'teams', conversationId: conversation.conversationId },
        asker: () => this.askerOf(conversation, sender),
      },
      {
        send: (answer) => this.deliver(orgId, conversation, here, sender, answer, action, activity.replyToId ?? null),
        fail: (line) => platform.postText(orgId, here, line),
      },
    );
  }

  /** Who is asking, as the chat core needs it: their email in Teams and whether the org's allow-list names them. */
  private async askerOf(conversation: TeamsConversation, sender: Sender): Promise<ChatAsker> {
    const [email, allowed] = await Promise.all([this.emailOf(conversation, sender.id), this.options.viewers.list('teams', conversation.orgId)]);
    const userId = (sender.aadObjectId ?? sender.id).toLowerCase();
    return { userId, email, mayViewPeople: allowed.some((v) => v.kind === 'user' && v.id.toLowerCase() === userId) };
  }

  /**
   * "CSV": the answer's tables as one CSV file, offered in the asker's personal chat (the only place Teams lets a bot
   * send a file, and only with the person's consent). The file is built on "Allow", with the asker's permissions then.
   */
  private async offerCsv(orgId: string, here: ChatTarget, conversation: TeamsConversation, sender: Sender, answer: Answer, command: string): Promise<void> {
    const { platform } = this.options;
    if (!answer.report) return platform.postText(orgId, here, answer.reply.body ?? 'This answer has no table to export.');
    const size = Buffer.byteLength(reportCsvBundle(answer.report));
    await platform.postAttachment(orgId, { kind: 'direct', userId: sender.id }, consentCard(csvFileName(answer.report, 'all'), size, { uptake: 'csv', command }));
    if (conversation.conversationType !== 'personal') await platform.postText(orgId, here, `${sender.name}: ${CSV_OFFERED}`);
  }

  /** The person allowed (or declined) a CSV file: build it again, put it in their OneDrive, show it in the chat. */
  private async answerConsent(conversation: TeamsConversation, activity: Activity, consent: FileConsentAnswer): Promise<void> {
    const { platform, answering } = this.options;
    const here: ChatTarget = { kind: 'conversation', conversationId: conversation.conversationId };
    if (consent.action === 'decline') return platform.postText(conversation.orgId, here, 'No file sent.');
    if (!this.uploadAllowed(consent.upload.uploadUrl)) {
      this.options.onRefused(`file upload URL not allowed: ${consent.upload.uploadUrl.slice(0, 200)}`);
      return;
    }
    const upload = consent.upload;
    await answerInChat(
      answering,
      { orgId: conversation.orgId, text: consent.offer.command, asker: () => this.askerOf(conversation, senderOf(activity)) },
      {
        send: async (answer) => {
          if (!answer.report) return platform.postText(conversation.orgId, here, answer.reply.body ?? 'This answer has no table to export.');
          await uploadToConsentUrl(upload.uploadUrl, Buffer.from(reportCsvBundle(answer.report), 'utf8'));
          await platform.postAttachment(conversation.orgId, here, fileInfoCard(upload));
        },
        fail: (line) => platform.postText(conversation.orgId, here, line),
      },
    );
  }

  /** Where a file may be uploaded: HTTPS (the person's OneDrive), or an allowed service URL (the Emulator, tests). */
  private uploadAllowed(url: string): boolean {
    return url.startsWith('https://') || this.options.serviceUrlAllowed(url);
  }

  /** A button of a seat nudge (in the person's chat with the bot): the answer recorded, the card updated in place. */
  private async answerNudge(conversation: TeamsConversation, command: string, replyToId: string | null): Promise<void> {
    const parsed = parseNudgeCommand(command);
    if (!parsed || !this.options.nudges) return;
    const reply = await answerNudge(this.options.nudges, conversation.orgId, parsed.nudgeId, parsed.choice);
    const here = { kind: 'conversation' as const, conversationId: conversation.conversationId };
    if (!reply) return this.options.platform.postText(conversation.orgId, here, 'This message is no longer known to Uptake.');
    const answer = { reply, request: null, report: null };
    const target = replyToId ? { kind: 'update' as const, conversationId: conversation.conversationId, messageId: replyToId } : here;
    await this.options.platform.post(conversation.orgId, target, { answer, interactive: false });
  }

  private async deliver(orgId: string, conversation: TeamsConversation, here: ChatTarget, sender: Sender, answer: Answer, action: CardAction | null, replyToId: string | null): Promise<void> {
    const { platform } = this.options;
    if (action?.kind === 'csv') return this.offerCsv(orgId, here, conversation, sender, answer, action.command);
    if (isPersonal(answer) && conversation.conversationType !== 'personal') {
      await platform.post(orgId, { kind: 'direct', userId: sender.id }, { answer, interactive: true });
      await platform.postText(orgId, here, `${sender.name}: ${SENT_PRIVATELY}`);
      return;
    }
    if (action?.kind === 'share') {
      await platform.post(orgId, here, { answer, interactive: false, note: `Shared by ${sender.name}` });
      return;
    }
    const replaces = (action?.kind === 'view' || action?.kind === 'scope') && replyToId !== null;
    const target: ChatTarget = replaces ? { kind: 'update', conversationId: conversation.conversationId, messageId: replyToId } : here;
    await platform.post(orgId, target, { answer, interactive: true });
  }

  /** The command typed: the bot's mention dropped, people's mentions turned into their emails. */
  private async commandOf(conversation: TeamsConversation, activity: Activity): Promise<string> {
    const botId = activity.recipient.id;
    const people = (activity.entities ?? []).filter((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id !== botId);
    const emails = new Map<string, string>();
    for (const entity of people.slice(0, 5)) {
      const mention = entity as { text?: string; mentioned?: { id?: string } };
      const inner = /<at>([^<]*)<\/at>/i.exec(mention.text ?? '')?.[1];
      const email = mention.mentioned?.id ? await this.emailOf(conversation, mention.mentioned.id) : null;
      if (inner !== undefined && email) emails.set(inner, email);
    }
    return commandText(activity.text ?? '', (inner) => emails.get(inner) ?? '');
  }

  /** A member's email (or UPN) as Teams knows it, looked up in the conversation itself (never a thread of it). */
  private async emailOf(conversation: TeamsConversation, userId: string): Promise<string | null> {
    try {
      const member = await this.options.platform.inConversation(conversation, conversation.conversationId, (context) => TeamsInfo.getMember(context, userId));
      const email = member.email ?? member.userPrincipalName ?? null;
      return email && email.includes('@') ? email.toLowerCase() : null;
    } catch (error) {
      this.options.answering.onError(error);
      return null;
    }
  }
}
