import { webApi } from '@slack/bolt';
import type { Answer } from '../../app/answer-command.ts';
import type { ChatConversation, ChatMessage, ChatPerson, ChatPlatform, ChatTarget, DeliveryAttempt } from '../../app/ports.ts';
import { PromiseCache } from '../../app/promise-cache.ts';
import type { RenderedChart } from '../../app/render-reply-charts.ts';
import { directMessageChannel, uploadCharts, uploadPrivateChart } from './chart-upload.ts';
import { replyBlocks } from './reply-blocks.ts';
import { orGone, slackError } from './slack-errors.ts';

/** The metadata event type of a delivery's message (its payload carries the delivery key). */
const DELIVERY_EVENT = 'uptake_delivery';
/** Slack's clock against ours, when looking for a message posted since a delivery was due */
const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_HISTORY_PAGES = 10;
/** an uploaded chart is reused as long as its drawing is (slack-chat keeps drawings as long) */
export const UPLOAD_REUSE_MS = 5 * 60_000;

/** A workspace an org installed Uptake in, with the bot token to act in it. */
export interface OrgWorkspace {
  teamId: string;
  teamName: string | null;
  botToken: string;
}

export interface SlackPlatformOptions {
  apiUrl: string;
  /** the org's workspaces (stored OAuth installs, or the single configured one), the first one is used to post */
  workspaces: (orgId: string) => Promise<OrgWorkspace[]>;
  /** the PNGs of an answer's charts (a chart that fails to render is left out) */
  charts: (answer: Answer) => Promise<RenderedChart[]>;
}

export class WorkspaceNotFoundError extends Error {}

/** users.list page size: Slack recommends no more than 200. */
const DIRECTORY_PAGE = 200;
/**
 * Between two users.list pages: users.list is Tier 2 (20 a minute), so a workspace of 10,000 people (50 pages)
 * is read in under 3 minutes without a 429, rather than in bursts of 20 each ended by a Retry-After.
 */
const DIRECTORY_PAGE_INTERVAL_MS = 3200;

/** A Slack user who can get a direct message (not deleted, not a bot), with their profile's time zone. */
function personOf(user: { id?: string; deleted?: boolean; is_bot?: boolean; tz?: string } | undefined): ChatPerson | null {
  if (!user?.id || user.deleted || user.is_bot) return null;
  return { userId: user.id, timeZone: typeof user.tz === 'string' && user.tz.length > 0 ? user.tz : null };
}

/**
 * Slack as a chat platform for proactive messages (digests, alerts, nudges): Block Kit messages posted with the
 * org's bot token, their charts uploaded into the message's thread.
 */
export class SlackPlatform implements ChatPlatform {
  readonly name = 'slack' as const;
  private readonly clients = new Map<string, webApi.WebClient>();
  private readonly uploads = new PromiseCache<string>(UPLOAD_REUSE_MS, 2000);

  constructor(private readonly options: SlackPlatformOptions) {}

  /** The channels the bot is a member of, in every workspace of the org (users.conversations). */
  async conversations(orgId: string): Promise<ChatConversation[]> {
    const found: ChatConversation[] = [];
    for (const workspace of await this.options.workspaces(orgId)) {
      const client = this.client(workspace.botToken);
      let cursor: string | undefined;
      do {
        const page = await client.users.conversations({ types: 'public_channel,private_channel', exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) });
        for (const channel of page.channels ?? []) {
          if (channel.id) found.push({ platform: 'slack', orgId, workspaceId: workspace.teamId, conversationId: channel.id, kind: 'channel', name: channel.name ?? null });
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    }
    return found;
  }

  async post(orgId: string, target: ChatTarget, message: ChatMessage): Promise<{ conversationId: string; messageId: string }> {
    const client = this.client(await this.botToken(orgId));
    const { reply } = message.answer;
    const blocks = replyBlocks(reply, { interactive: message.interactive, chartsNote: message.note ?? null });
    const charts = this.options.charts(message.answer);
    if (target.kind === 'update') {
      const channel = target.conversationId;
      await orGone(client.chat.update({ channel, ts: target.messageId, ...blocks }), channel);
      await uploadCharts(client, await charts, { channel, threadTs: target.messageId, comment: reply.title });
      return { conversationId: channel, messageId: target.messageId };
    }
    const channel = target.kind === 'direct' ? await directMessageChannel(client, target.userId) : target.conversationId;
    const threadTs = target.kind === 'thread' ? target.threadId : undefined;
    const posted = await orGone(client.chat.postMessage({ channel, ...blocks, ...(threadTs ? { thread_ts: threadTs } : {}) }), channel);
    const ts = posted.ts ?? '';
    await uploadCharts(client, await charts, { channel, threadTs: threadTs ?? ts, comment: reply.title });
    return { conversationId: channel, messageId: ts };
  }

  /**
   * Posts a delivery's whole message (charts as images uploaded before, each distinct chart once per workspace) in
   * one chat.postMessage carrying the delivery key in its metadata. A rerun first looks for that key in the
   * channel's history since the delivery was due: a message found there was posted whole, so nothing is sent again.
   */
  async deliverOnce(orgId: string, target: ChatTarget, delivery: DeliveryAttempt): Promise<void> {
    if (delivery.messageId) return;
    const workspace = await this.workspace(orgId);
    const client = this.client(workspace.botToken);
    // a first run posts a direct message with the user's id as the channel (Slack opens the conversation): no
    // conversations.open (Tier 3, 50 a minute) per person; a rerun opens it to search its history
    let channel = target.kind === 'direct' ? target.userId : target.conversationId;
    if (delivery.retry) {
      if (target.kind === 'direct') channel = await directMessageChannel(client, target.userId);
      const found = await this.findDelivery(client, channel, delivery.key, delivery.since);
      if (found) return delivery.recordMessage(found);
    }
    const answer = await delivery.compose();
    const images = await this.uploadCharts(workspace, client, answer);
    const metadata = { event_type: DELIVERY_EVENT, event_payload: { delivery_key: delivery.key } };
    const posted = await orGone(client.chat.postMessage({ channel, ...replyBlocks(answer.reply, { interactive: true, images }), metadata }), channel);
    await delivery.recordMessage(posted.ts ?? '');
  }

  /** A person by email (users.lookupByEmail, users:read.email), with their profile's time zone. */
  async findPerson(orgId: string, email: string): Promise<ChatPerson | null> {
    const client = this.client(await this.botToken(orgId));
    try {
      return personOf((await client.users.lookupByEmail({ email })).user);
    } catch (error) {
      if (slackError(error) === 'users_not_found') return null;
      throw error;
    }
  }

  /**
   * Every active person of the org's workspace with an email (users.list, Tier 2: DIRECTORY_PAGE people a call, a
   * call every DIRECTORY_PAGE_INTERVAL_MS; the client still waits out a 429's Retry-After), by lower-cased email.
   */
  async directory(orgId: string): Promise<Map<string, ChatPerson>> {
    const client = this.client(await this.botToken(orgId));
    const people = new Map<string, ChatPerson>();
    let cursor: string | undefined;
    do {
      const page = await client.users.list({ limit: DIRECTORY_PAGE, ...(cursor ? { cursor } : {}) });
      for (const member of page.members ?? []) {
        const person = personOf(member);
        const email = member.profile?.email?.toLowerCase();
        if (person && email) people.set(email, person);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
      if (cursor) await new Promise((resolve) => setTimeout(resolve, DIRECTORY_PAGE_INTERVAL_MS));
    } while (cursor);
    return people;
  }

  /** The ts of the message carrying this delivery key, posted since `since` (history pages, newest first). */
  private async findDelivery(client: webApi.WebClient, channel: string, key: string, since: Date): Promise<string | null> {
    const oldest = String(Math.floor((since.getTime() - CLOCK_SKEW_MS) / 1000));
    let cursor: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const history = await orGone(client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }), channel);
      const found = history.messages?.find((m) => (m.metadata?.event_payload as { delivery_key?: unknown } | undefined)?.delivery_key === key);
      if (found?.ts) return found.ts;
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!history.has_more || !cursor) return null;
    }
    return null;
  }

  /** Uploads an answer's charts as files of the workspace (shared with no channel), reusing one uploaded before. */
  private async uploadCharts(workspace: OrgWorkspace, client: webApi.WebClient, answer: Answer): Promise<Array<{ fileId: string; title: string }>> {
    const charts = await this.options.charts(answer);
    return Promise.all(
      charts.map(async (chart) => ({
        title: chart.title,
        fileId: await this.uploads.get(`${workspace.teamId}|${chart.key}`, () => uploadPrivateChart(client, chart)),
      })),
    );
  }

  private async botToken(orgId: string): Promise<string> {
    return (await this.workspace(orgId)).botToken;
  }

  private async workspace(orgId: string): Promise<OrgWorkspace> {
    const workspace = (await this.options.workspaces(orgId))[0];
    if (!workspace) throw new WorkspaceNotFoundError('Uptake is not installed in a Slack workspace of this org');
    return workspace;
  }

  private client(token: string): webApi.WebClient {
    let client = this.clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, { slackApiUrl: this.options.apiUrl, retryConfig: { retries: 2 } });
      this.clients.set(token, client);
    }
    return client;
  }
}
