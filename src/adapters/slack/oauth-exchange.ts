import { webApi } from '@slack/bolt';

/** The bot scopes Uptake asks for (manifest/slack/manifest.yml lists the same). */
export const BOT_SCOPES = ['commands', 'chat:write', 'files:write', 'im:write', 'users:read', 'users:read.email', 'usergroups:read', 'channels:read', 'groups:read', 'channels:history', 'groups:history', 'im:history'];

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
}

export interface GrantedInstall {
  teamId: string;
  teamName: string | null;
  botToken: string;
  botUserId: string | null;
  installedBy: string | null;
}

/** Slack's consent page, next to the Web API (https://slack.com/oauth/v2/authorize for https://slack.com/api/). */
export function authorizeUrl(app: OAuthApp, redirectUri: string, state: string): string {
  const url = new URL('../oauth/v2/authorize', app.apiUrl);
  url.search = new URLSearchParams({ client_id: app.clientId, scope: BOT_SCOPES.join(','), redirect_uri: redirectUri, state }).toString();
  return url.toString();
}

/** Exchanges the code Slack sent to the redirect URL for the workspace's bot token (oauth.v2.access). */
export async function exchangeCode(app: OAuthApp, code: string, redirectUri: string): Promise<GrantedInstall> {
  const client = new webApi.WebClient(undefined, { slackApiUrl: app.apiUrl, retryConfig: { retries: 0 } });
  const result = await client.oauth.v2.access({ client_id: app.clientId, client_secret: app.clientSecret, code, redirect_uri: redirectUri });
  if (!result.access_token || !result.team?.id || result.token_type !== 'bot') throw new Error('oauth.v2.access gave no bot token');
  return {
    teamId: result.team.id,
    teamName: result.team.name ?? null,
    botToken: result.access_token,
    botUserId: result.bot_user_id ?? null,
    installedBy: result.authed_user?.id ?? null,
  };
}
