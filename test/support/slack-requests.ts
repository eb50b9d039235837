import { createHmac, randomBytes } from 'node:crypto';

/** Requests signed the way Slack signs them: v0 HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(secret: string, body: string, timestamp: number, contentType = 'application/x-www-form-urlencoded'): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
}

export const triggerId = () => `${Date.now()}.${randomBytes(6).toString('hex')}`;

/** A slash command delivery as Slack sends it (form-encoded). */
export function slashCommandBody(fields: { team: string; channel: string; user: string; text: string; responseUrl: string; triggerId?: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.team,
    team_domain: 'acme',
    channel_id: fields.channel,
    channel_name: 'general',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: '/ai-adoption',
    text: fields.text,
    api_app_id: 'A0UPTAKE',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? triggerId(),
  }).toString();
}

/** A block_actions interaction (a button or select in a message), form-encoded as `payload=<json>`. */
export function blockActionBody(fields: {
  team: string;
  channel: string;
  user: string;
  responseUrl: string;
  action: Record<string, unknown>;
  ephemeral?: boolean;
}): string {
  const payload = {
    type: 'block_actions',
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: fields.team },
    api_app_id: 'A0UPTAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: fields.channel, is_ephemeral: fields.ephemeral ?? true },
    trigger_id: triggerId(),
    team: { id: fields.team, domain: 'acme' },
    is_enterprise_install: false,
    channel: { id: fields.channel, name: 'general' },
    response_url: fields.responseUrl,
    actions: [{ block_id: 'controls', action_ts: '1700000001.000200', ...fields.action }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
