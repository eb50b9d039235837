import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceClientCredentialsFactory, TokenCredentials } from 'botframework-connector';
import { LoopbackDouble, readBody, send } from './double-http.ts';

/**
 * A local stand-in for the Bot Framework: the channel's token issuer (OpenID metadata, signing keys, JWTs on the
 * activities it "sends" to the bot, so botbuilder's real validation runs), the login endpoint that hands the bot its
 * outbound tokens (client credentials), and the Bot Connector REST API (/v3/conversations...) that replies, updates
 * and proactive messages arrive at. Every Connector call must carry a token this double issued.
 */

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  activityId: string | null;
  body: Record<string, unknown> | null;
  at: number;
}

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  email: string | null;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** A card the Connector accepts from a bot: an Adaptive Card, or (personal chats only) a file consent or file info card. */
function validAttachment(a: { contentType?: string; name?: unknown; contentUrl?: unknown; content?: Record<string, unknown> }, personal: boolean): boolean {
  if (a.contentType === ADAPTIVE_CARD) return true;
  const named = typeof a.name === 'string' && a.name.length > 0;
  if (a.contentType === FILE_CONSENT) return personal && named && typeof a.content?.sizeInBytes === 'number' && a.content.acceptContext !== undefined;
  if (a.contentType === FILE_INFO) return personal && named && typeof a.contentUrl === 'string' && typeof a.content?.uniqueId === 'string' && typeof a.content.fileType === 'string';
  return false;
}
/** Teams refuses messages larger than about 28 KB. */
export const TEAMS_MESSAGE_LIMIT = 28 * 1024;

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export class BotConnectorDouble extends LoopbackDouble {
  readonly calls: ConnectorCall[] = [];
  /** files PUT to an upload URL this double handed out (uploadUrl()), by its id, with the Content-Range sent */
  readonly uploads = new Map<string, { bytes: Buffer; contentRange: string | null }>();
  readonly tokenRequests: Array<Record<string, string>> = [];
  unauthorized = 0;
  tooLarge = 0;
  private readonly keys: { privateKey: KeyObject; publicKey: KeyObject };
  private readonly kid = `kid-${randomBytes(4).toString('hex')}`;
  private readonly issued = new Set<string>();
  private next = 1;

  /** `anonymous`: accept Connector calls without a token, as the Bot Framework Emulator does (development mode) */
  constructor(private readonly options: { appId: string; appPassword: string; users: TeamsUser[]; anonymous?: boolean }) {
    super();
    this.keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  }

  get issuer(): string {
    return `${this.url}/issuer`;
  }

  /** The service URL activities carry (where the bot's replies go). */
  get serviceUrl(): string {
    return `${this.url}/teams/`;
  }

  get endpoints() {
    return { openIdMetadataUrl: `${this.url}/.well-known/openid-configuration`, tokenIssuer: this.issuer, loginUrl: `${this.url}/login/botframework.com` };
  }

  /** A channel token for an activity, as the Bot Framework signs it (RS256, audience = the bot's app id). */
  sign(serviceUrl: string, overrides: { key?: KeyObject; audience?: string; issuer?: string; expiresIn?: number } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }));
    const payload = b64url(
      JSON.stringify({ iss: overrides.issuer ?? this.issuer, aud: overrides.audience ?? this.options.appId, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + (overrides.expiresIn ?? 3600) }),
    );
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(overrides.key ?? this.keys.privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  /** Outbound tokens for the bot from this double's login endpoint (botbuilder's MSAL flow refuses http authorities). */
  credentials(): ServiceClientCredentialsFactory {
    const { appId, appPassword } = this.options;
    const tokenUrl = `${this.endpoints.loginUrl}/oauth2/v2.0/token`;
    return new (class extends ServiceClientCredentialsFactory {
      async isValidAppId(id: string) {
        return id === appId;
      }
      async isAuthenticationDisabled() {
        return false;
      }
      async createCredentials(id: string, audience: string) {
        if (id !== appId) throw new Error('Invalid appId.');
        const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, client_secret: appPassword, scope: `${audience}/.default` });
        const answer = await fetch(tokenUrl, { method: 'POST', body: form });
        if (!answer.ok) throw new Error(`token endpoint: ${answer.status}`);
        const { access_token } = (await answer.json()) as { access_token: string };
        return new TokenCredentials(access_token);
      }
    })();
  }

  /** Activities that arrived at a conversation (sent, replied or updated), newest last. */
  activitiesIn(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId && c.body !== null && c.path.includes('/activities'));
  }

  /** An upload URL as Teams puts in a fileConsent/invoke (a OneDrive upload session), served by this double. */
  uploadUrl(id: string): string {
    return `${this.url}/teams/upload/${id}`;
  }

  protected async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const raw = await readBody(request);
    if (request.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return send(response, 200, { issuer: this.issuer, jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (request.method === 'GET' && url.pathname === '/keys') {
      const jwk = this.keys.publicKey.export({ format: 'jwk' });
      return send(response, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
    }
    if (request.method === 'POST' && url.pathname.endsWith('/oauth2/v2.0/token')) return this.token(raw, response);
    const upload = /^\/teams\/upload\/([\w-]+)$/.exec(url.pathname);
    if (request.method === 'PUT' && upload) {
      // a OneDrive upload session's URL: pre-authorized, the whole file in one range
      const range = request.headers['content-range'] ?? null;
      if (range !== `bytes 0-${raw.length - 1}/${raw.length}`) return send(response, 400, { error: { code: 'invalidRange', message: String(range) } });
      this.uploads.set(upload[1]!, { bytes: raw, contentRange: range });
      return send(response, 201, { id: upload[1], size: raw.length });
    }
    if (!url.pathname.startsWith('/teams/v3/conversations')) return send(response, 404, { error: { code: 'NotFound', message: url.pathname } });
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!this.options.anonymous && (!bearer || !this.issued.has(bearer))) {
      this.unauthorized += 1;
      return send(response, 401, { error: { code: 'Unauthorized', message: 'no valid bot token' } });
    }
    return this.connector(request.method ?? 'GET', url.pathname.slice('/teams'.length), raw, response);
  }

  private token(raw: Buffer, response: ServerResponse): void {
    const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    this.tokenRequests.push(form);
    if (form.grant_type !== 'client_credentials' || form.client_id !== this.options.appId || form.client_secret !== this.options.appPassword) {
      return send(response, 401, { error: 'invalid_client' });
    }
    const token = randomBytes(24).toString('base64url');
    this.issued.add(token);
    return send(response, 200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
  }

  private connector(method: string, path: string, raw: Buffer, response: ServerResponse): void {
    const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : null;
    if (method === 'POST' && path === '/v3/conversations') {
      const id = `a:personal-${this.next++}`;
      this.calls.push({ method, path, conversationId: id, activityId: null, body, at: performance.now() });
      return send(response, 201, { id, activityId: null, serviceUrl: this.serviceUrl });
    }
    const match = /^\/v3\/conversations\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?$/.exec(path);
    if (!match) return send(response, 404, { error: { code: 'NotFound', message: path } });
    const conversationId = decodeURIComponent(match[1]!);
    const second = match[3] ? decodeURIComponent(match[3]) : null;
    if (match[2] === 'members' && method === 'GET' && second) {
      const user = this.options.users.find((u) => u.id === second || u.aadObjectId === second || u.email?.toLowerCase() === second.toLowerCase());
      if (!user) return send(response, 404, { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } });
      return send(response, 200, { id: user.id, name: user.name, aadObjectId: user.aadObjectId, email: user.email, userPrincipalName: user.email });
    }
    if (match[2] !== 'activities' || !body) return send(response, 400, { error: { code: 'BadArgument', message: 'an activity is required' } });
    if (raw.length > TEAMS_MESSAGE_LIMIT) {
      this.tooLarge += 1;
      return send(response, 413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } });
    }
    const cards = (body.attachments as Array<Parameters<typeof validAttachment>[0]> | undefined) ?? [];
    if (body.type !== 'message' || cards.some((a) => !validAttachment(a, conversationId.startsWith('a:')))) {
      return send(response, 400, { error: { code: 'BadArgument', message: 'expected a message with Adaptive Cards (file cards only in personal chats)' } });
    }
    const activityId = method === 'PUT' ? second : `act-${this.next++}`;
    this.calls.push({ method, path, conversationId, activityId, body, at: performance.now() });
    return send(response, 200, { id: activityId });
  }
}

/** The Adaptive Card of an activity the bot sent, or null. */
export function cardOf(call: ConnectorCall | undefined): Record<string, unknown> | null {
  const attachments = (call?.body?.attachments as Array<{ content?: Record<string, unknown> }> | undefined) ?? [];
  return attachments[0]?.content ?? null;
}
