import { webApi } from '@slack/bolt';
import type { Answer } from '../../app/answer-command.ts';
import type { ChatConversation, ChatMessage, ChatPlatform, ChatTarget } from '../../app/ports.ts';
import type { RenderedChart } from '../../app/render-reply-charts.ts';
import { directMessageChannel, uploadCharts } from './chart-upload.ts';
import { replyBlocks } from './reply-blocks.ts';
import { orGone } from './slack-errors.ts';

/** The metadata event type of a delivery's message (its payload carries the delivery key). */
const DELIVERY_EVENT = 'uptake_delivery';

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

/**
 * Slack as a chat platform for proactive messages (digests, alerts, nudges): Block Kit messages posted with the
 * org's bot token, their charts uploaded into the message's thread.
 */
export class SlackPlatform implements ChatPlatform {
  readonly name = 'slack' as const;
  private readonly clients = new Map<string, webApi.WebClient>();

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

  /** A placeholder carrying the delivery key in its metadata, found again in the channel's history after a crash. */
  async reserve(orgId: string, target: ChatTarget, reservation: { key: string; text: string; reconcile: boolean }): Promise<{ conversationId: string; messageId: string }> {
    const client = this.client(await this.botToken(orgId));
    const channel = target.kind === 'direct' ? await directMessageChannel(client, target.userId) : target.conversationId;
    if (reservation.reconcile) {
      const history = await orGone(client.conversations.history({ channel, limit: 200, include_all_metadata: true }), channel);
      const found = history.messages?.find((m) => (m.metadata?.event_payload as { delivery_key?: unknown } | undefined)?.delivery_key === reservation.key);
      if (found?.ts) return { conversationId: channel, messageId: found.ts };
    }
    const metadata = { event_type: DELIVERY_EVENT, event_payload: { delivery_key: reservation.key } };
    const posted = await orGone(client.chat.postMessage({ channel, text: reservation.text, metadata }), channel);
    return { conversationId: channel, messageId: posted.ts ?? '' };
  }

  private async botToken(orgId: string): Promise<string> {
    const workspace = (await this.options.workspaces(orgId))[0];
    if (!workspace) throw new WorkspaceNotFoundError('Uptake is not installed in a Slack workspace of this org');
    return workspace.botToken;
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
