import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackDouble, readBody, send } from './double-http.ts';

/**
 * A local stand-in for Slack's Web API, upload URLs and response_urls. Like Slack it takes the bot token from
 * `Authorization: Bearer` (or a `token` field), reads form-encoded or JSON arguments, answers HTTP 200 with
 * `{ ok: false, error }` for bad calls, and records every call so tests can check what arrived.
 */

export interface ApiCall {
  method: string;
  token: string | null;
  args: Record<string, unknown>;
  response: Record<string, unknown>;
  /** performance.now() when the call arrived */
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Upload {
  fileId: string;
  filename: string;
  length: number;
  bytes: Buffer | null;
  completed: { channel: string | null; threadTs: string | null; title: string | null; comment: string | null } | null;
}

/**
 * A Web API method's rate limit: `max` calls per `windowMs`, per workspace or (chat.postMessage) per channel, and
 * optionally also `workspaceMax` calls per `windowMs` over all channels together.
 */
export interface RateTier {
  max: number;
  windowMs: number;
  perChannel?: boolean;
  /** with perChannel: the limit over the whole workspace in the same window */
  workspace?: { max: number; windowMs: number };
}

/**
 * Slack's documented tiers for the methods Uptake calls (Tier 2: 20+/min, Tier 3: 50+/min, Tier 4: 100+/min).
 * chat.postMessage: "1 message per second per channel", and a workspace-wide limit Slack calls "several hundred
 * messages per minute" (taken as 300).
 */
export const SLACK_RATE_TIERS: Record<string, RateTier> = {
  'chat.postMessage': { max: 1, windowMs: 1000, perChannel: true, workspace: { max: 300, windowMs: 60_000 } },
  'chat.update': { max: 50, windowMs: 60_000 },
  'conversations.history': { max: 50, windowMs: 60_000 },
  'conversations.open': { max: 50, windowMs: 60_000 },
  'users.lookupByEmail': { max: 50, windowMs: 60_000 },
  'users.list': { max: 20, windowMs: 60_000 },
  'users.conversations': { max: 20, windowMs: 60_000 },
  'files.getUploadURLExternal': { max: 100, windowMs: 60_000 },
  'files.completeUploadExternal': { max: 100, windowMs: 60_000 },
};

export interface SlackDoubleOptions {
  /** bot tokens that authenticate */
  tokens: string[];
  users: Record<string, { email: string | null; tz?: string }>;
  /** channels the bot is a member of (it may post there) */
  botChannels: string[];
  usergroups?: Record<string, string[]>;
  /** enforce rate tiers: a call over its tier gets HTTP 429 with Retry-After (see SLACK_RATE_TIERS) */
  rateTiers?: Record<string, RateTier>;
  /** OAuth v2: the app's credentials and the codes Slack would hand out after consent (each works once) */
  oauth?: { clientId: string; clientSecret: string; codes: Record<string, { teamId: string; teamName: string; botToken: string; userId: string }> };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Buffer | null): boolean {
  return bytes !== null && bytes.length > 64 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.subarray(12, 16).toString('latin1') === 'IHDR' && bytes.includes(Buffer.from('IEND', 'latin1'));
}


export class SlackDouble extends LoopbackDouble {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly uploads = new Map<string, Upload>();
  private readonly responseUrlUses = new Map<string, number>();
  private readonly recentCalls = new Map<string, number[]>();
  private readonly retryNotBefore = new Map<string, number>();
  /** calls answered 429, and calls that came back before the Retry-After they were given */
  rateLimited = 0;
  retryAfterIgnored = 0;
  /** messages posted with chat.postMessage, by `channel:ts`, with their latest blocks and their metadata */
  readonly messages = new Map<string, { channel: string; ts: string; text: unknown; blocks: unknown; metadata: unknown; updates: number }>();
  private nextTs = 1;

  /** answer invalid_blocks to any image block of an uploaded file (as a workspace whose files policy refuses them would) */
  refuseFileImages = false;

  constructor(private readonly options: SlackDoubleOptions) {
    super();
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url for one slash command or interaction. */
  responseUrl(): string {
    return `${this.url}/respond/${randomBytes(8).toString('hex')}`;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 15_000, what = 'the expected Slack calls'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false && value !== null) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(', ')}; responses: ${this.responses.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  protected async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.url).pathname;
    const raw = await readBody(request);
    if (request.method !== 'POST') return send(response, 405, 'method not allowed');
    if (path.startsWith('/api/')) {
      const wait = this.overLimit(path.slice(5), this.parseArgs(request, raw), raw);
      if (wait > 0) {
        response.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(Math.ceil(wait / 1000)) });
        return void response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      }
      return send(response, 200, this.api(path.slice(5), request, raw));
    }
    if (path.startsWith('/upload/')) return this.upload(path.slice(8), request, raw, response);
    if (path.startsWith('/respond/')) return this.respond(path.slice(9), request, raw, response);
    return send(response, 404, 'not found');
  }

  /**
   * 0 when the call is within its tier (it is counted), else how long until it would be (ms). A call sent again
   * (the same body) before the Retry-After it was given counts as ignoring it.
   */
  private overLimit(method: string, args: Record<string, unknown>, raw: Buffer): number {
    const tier = this.options.rateTiers?.[method];
    if (!tier) return 0;
    const key = tier.perChannel ? `${method}:${this.channelOf(String(args.channel ?? args.channel_id ?? ''))}` : method;
    const retry = `${method}:${createHash('sha256').update(raw).digest('hex')}`;
    const now = Date.now();
    if (now < (this.retryNotBefore.get(retry) ?? 0)) this.retryAfterIgnored += 1;
    const windows = [{ key, max: tier.max, windowMs: tier.windowMs }, ...(tier.workspace ? [{ key: method, ...tier.workspace }] : [])];
    const recent = windows.map((w) => (this.recentCalls.get(w.key) ?? []).filter((at) => at > now - w.windowMs));
    const wait = Math.max(0, ...windows.map((w, i) => (recent[i]!.length >= w.max ? recent[i]![recent[i]!.length - w.max]! + w.windowMs - now : 0)));
    windows.forEach((w, i) => this.recentCalls.set(w.key, recent[i]!));
    if (wait > 0) {
      this.rateLimited += 1;
      this.retryNotBefore.set(retry, now + Math.ceil(wait / 1000) * 1000);
      return Math.max(wait, 1);
    }
    for (const list of recent) list.push(now);
    return 0;
  }

  private parseArgs(request: IncomingMessage, raw: Buffer): Record<string, unknown> {
    const type = request.headers['content-type'] ?? '';
    if (type.startsWith('application/json')) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }

  private api(method: string, request: IncomingMessage, raw: Buffer): Record<string, unknown> {
    const args = this.parseArgs(request, raw);
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
    const token = bearer ?? (typeof args.token === 'string' ? args.token : null);
    const response = this.answer(method, token, args);
    this.calls.push({ method, token, args, response, at: performance.now() });
    return response;
  }

  private answer(method: string, token: string | null, given: Record<string, unknown>): Record<string, unknown> {
    let args = given;
    const fail = (error: string) => ({ ok: false, error });
    if (method === 'oauth.v2.access') return this.oauthAccess(args);
    if (token === null) return fail('not_authed');
    if (!this.options.tokens.includes(token)) return fail('invalid_auth');
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        // a user id as the channel posts in the bot's direct messages with that user (Slack opens them)
        if (method === 'chat.postMessage' && typeof args.channel === 'string') args = { ...args, channel: this.channelOf(args.channel) };
        const check = this.checkMessage(args);
        if (check) return fail(check);
        if (method === 'chat.postEphemeral' && typeof args.user !== 'string') return fail('user_not_found');
        const ts = this.newTs();
        const metadata = typeof args.metadata === 'string' ? JSON.parse(args.metadata) : (args.metadata ?? null);
        if (method === 'chat.postMessage') this.messages.set(`${args.channel}:${ts}`, { channel: String(args.channel), ts, text: args.text, blocks: args.blocks, metadata, updates: 0 });
        return method === 'chat.postMessage' ? { ok: true, channel: args.channel, ts, message: { ts, text: args.text } } : { ok: true, message_ts: ts };
      }
      case 'chat.update': {
        const check = this.checkMessage(args);
        if (check) return fail(check);
        const message = this.messages.get(`${args.channel}:${args.ts}`);
        if (!message) return fail('message_not_found');
        message.blocks = args.blocks;
        message.text = args.text;
        message.updates += 1;
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'users.info': {
        const user = typeof args.user === 'string' ? this.options.users[args.user] : undefined;
        if (!user) return fail('user_not_found');
        return { ok: true, user: { id: args.user, profile: user.email ? { email: user.email } : {} } };
      }
      case 'users.lookupByEmail': {
        const email = typeof args.email === 'string' ? args.email.toLowerCase() : '';
        const found = Object.entries(this.options.users).find(([, user]) => user.email?.toLowerCase() === email);
        if (!found) return fail('users_not_found');
        return { ok: true, user: { id: found[0], deleted: false, is_bot: false, ...(found[1].tz ? { tz: found[1].tz } : {}), profile: { email: found[1].email } } };
      }
      case 'users.list': {
        const all = Object.entries(this.options.users);
        const from = typeof args.cursor === 'string' && args.cursor !== '' ? Number(Buffer.from(args.cursor, 'base64').toString('utf8').replace('offset:', '')) : 0;
        const limit = Number(args.limit) > 0 ? Math.min(Number(args.limit), 1000) : all.length;
        const members = all.slice(from, from + limit).map(([id, user]) => ({ id, deleted: false, is_bot: false, ...(user.tz ? { tz: user.tz } : {}), profile: user.email ? { email: user.email } : {} }));
        const next = from + limit < all.length ? Buffer.from(`offset:${from + limit}`).toString('base64') : '';
        return { ok: true, members, response_metadata: { next_cursor: next } };
      }
      case 'usergroups.users.list': {
        const members = typeof args.usergroup === 'string' ? this.options.usergroups?.[args.usergroup] : undefined;
        return members ? { ok: true, users: members } : fail('no_such_subteam');
      }
      case 'conversations.history': {
        if (typeof args.channel !== 'string' || !this.mayPost(args.channel)) return fail('channel_not_found');
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const oldest = typeof args.oldest === 'string' || typeof args.oldest === 'number' ? Number(args.oldest) : 0;
        const messages = [...this.messages.values()]
          .filter((m) => m.channel === args.channel && Number(m.ts) > oldest)
          .reverse()
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages, has_more: false };
      }
      case 'users.conversations':
        return { ok: true, channels: this.options.botChannels.map((id) => ({ id, name: id.toLowerCase(), is_channel: true })), response_metadata: { next_cursor: '' } };
      case 'conversations.open': {
        const users = typeof args.users === 'string' ? args.users.split(',') : [];
        if (users.length !== 1 || !this.options.users[users[0]!]) return fail('user_not_found');
        return { ok: true, channel: { id: `D${users[0]}` } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (typeof args.filename !== 'string' || args.filename === '' || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
        const fileId = `F${randomBytes(5).toString('hex').toUpperCase()}`;
        this.uploads.set(fileId, { fileId, filename: args.filename, length, bytes: null, completed: null });
        return { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        let files: Array<{ id?: string; title?: string }>;
        try {
          files = JSON.parse(String(args.files)) as typeof files;
        } catch {
          return fail('invalid_arguments');
        }
        if (!Array.isArray(files) || files.length === 0) return fail('invalid_arguments');
        const channel = typeof args.channel_id === 'string' ? args.channel_id : null;
        if (channel !== null && !this.mayPost(channel)) return fail('not_in_channel');
        for (const file of files) {
          const upload = file.id ? this.uploads.get(file.id) : undefined;
          if (!upload || upload.bytes === null || upload.bytes.length !== upload.length) return fail('file_not_found');
        }
        for (const file of files) {
          const upload = this.uploads.get(file.id!)!;
          upload.completed = { channel, threadTs: typeof args.thread_ts === 'string' ? args.thread_ts : null, title: file.title ?? null, comment: typeof args.initial_comment === 'string' ? args.initial_comment : null };
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return fail('unknown_method');
    }
  }

  private oauthAccess(args: Record<string, unknown>): Record<string, unknown> {
    const oauth = this.options.oauth;
    if (!oauth || args.client_id !== oauth.clientId) return { ok: false, error: 'invalid_client_id' };
    if (args.client_secret !== oauth.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const grant = typeof args.code === 'string' ? oauth.codes[args.code] : undefined;
    if (!grant) return { ok: false, error: 'invalid_code' };
    delete oauth.codes[args.code as string];
    this.options.tokens.push(grant.botToken);
    return {
      ok: true,
      access_token: grant.botToken,
      token_type: 'bot',
      scope: 'commands,chat:write,files:write,im:write,users:read,users:read.email,usergroups:read',
      bot_user_id: 'UBOT',
      app_id: 'A0UPTAKE',
      team: { id: grant.teamId, name: grant.teamName },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: grant.userId },
    };
  }

  /** The direct-message channel (D…) of a known user id (U…), else the channel as given. */
  private channelOf(channel: string): string {
    return Object.hasOwn(this.options.users, channel) ? `D${channel}` : channel;
  }

  private mayPost(channel: string): boolean {
    return this.options.botChannels.includes(channel) || (channel.startsWith('D') && Boolean(this.options.users[channel.slice(1)]));
  }

  private checkMessage(args: Record<string, unknown>): string | null {
    if (typeof args.channel !== 'string' || args.channel === '') return 'channel_not_found';
    if (!this.mayPost(args.channel)) return 'not_in_channel';
    if ((typeof args.text !== 'string' || args.text === '') && args.blocks === undefined) return 'no_text';
    if (args.blocks !== undefined && !this.validBlocks(args.blocks)) return 'invalid_blocks';
    return null;
  }

  private validBlocks(blocks: unknown): boolean {
    let parsed = blocks;
    try {
      if (typeof blocks === 'string') parsed = JSON.parse(blocks);
    } catch {
      return false;
    }
    return Array.isArray(parsed) && parsed.length <= 50 && parsed.every((b) => typeof b === 'object' && b !== null && typeof (b as { type?: unknown }).type === 'string' && this.validImage(b as Record<string, unknown>));
  }

  /** An image block shows a public URL or a file uploaded to this workspace (slack_file by id or url), never both. */
  private validImage(block: Record<string, unknown>): boolean {
    if (block.type !== 'image') return true;
    if (typeof block.alt_text !== 'string' || block.alt_text === '') return false;
    const file = block.slack_file as { id?: unknown; url?: unknown } | undefined;
    if ((block.image_url === undefined) === (file === undefined)) return false;
    if (file === undefined) return typeof block.image_url === 'string';
    if ((file.id === undefined) === (file.url === undefined) || this.refuseFileImages) return false;
    const upload = typeof file.id === 'string' ? this.uploads.get(file.id) : undefined;
    return upload !== undefined && upload.completed !== null;
  }

  /** Message timestamps as Slack makes them: seconds since the epoch, unique and increasing. */
  private newTs(): string {
    const seq = this.nextTs++;
    return `${Math.floor(Date.now() / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
  }

  private async upload(fileId: string, request: IncomingMessage, raw: Buffer, response: ServerResponse): Promise<void> {
    const upload = this.uploads.get(fileId);
    if (!upload) return send(response, 404, 'upload url not found');
    let bytes = raw;
    const type = request.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const file = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
      bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    }
    upload.bytes = bytes;
    send(response, 200, `OK - ${bytes.length}`);
  }

  private respond(id: string, request: IncomingMessage, raw: Buffer, response: ServerResponse): void {
    // Slack accepts a response_url five times within 30 minutes.
    const uses = (this.responseUrlUses.get(id) ?? 0) + 1;
    this.responseUrlUses.set(id, uses);
    if (uses > 5) return send(response, 404, 'used_url');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 400, 'invalid_payload');
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    if (!body.delete_original && !body.text && !body.blocks) return send(response, 400, 'no_text');
    if (body.blocks !== undefined && !this.validBlocks(body.blocks)) return send(response, 400, 'invalid_blocks');
    this.responses.push({ id, body, at: performance.now() });
    send(response, 200, 'ok');
  }
}
