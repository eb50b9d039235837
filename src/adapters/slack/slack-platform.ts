import { webApi } from '@slack/bolt';
import type { Answer } from '../../app/answer-command.ts';
import type { ChatConversation, ChatMessage, ChatPlatform, ChatTarget } from '../../app/ports.ts';
import type { RenderedChart } from '../../app/render-reply-charts.ts';
import { directMessageChannel, uploadCharts } from './chart-upload.ts';
import { replyBlocks } from './reply-blocks.ts';

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
    const workspace = (await this.options.workspaces(orgId))[0];
    if (!workspace) throw new WorkspaceNotFoundError('Uptake is not installed in a Slack workspace of this org');
    const client = this.client(workspace.botToken);
    const { reply } = message.answer;
    const blocks = replyBlocks(reply, { interactive: message.interactive, chartsNote: message.note ?? null });
    if (target.kind === 'update') {
      await client.chat.update({ channel: target.conversationId, ts: target.messageId, ...blocks });
      return { conversationId: target.conversationId, messageId: target.messageId };
    }
    const charts = this.options.charts(message.answer);
    const channel = target.kind === 'direct' ? await directMessageChannel(client, target.userId) : target.conversationId;
    const threadTs = target.kind === 'thread' ? target.threadId : undefined;
    const posted = await client.chat.postMessage({ channel, ...blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
    const ts = posted.ts ?? '';
    await uploadCharts(client, await charts, { channel, threadTs: threadTs ?? ts, comment: reply.title });
    return { conversationId: channel, messageId: ts };
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
