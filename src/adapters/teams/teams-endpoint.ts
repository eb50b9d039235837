import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { AuthenticationError, type ServiceClientCredentialsFactory } from 'botframework-connector';

/** The Bot Framework endpoints, for a sovereign cloud or a local double (tests, benchmarks). */
export interface BotFrameworkEndpoints {
  openIdMetadataUrl: string;
  tokenIssuer: string;
  loginUrl: string;
}

export interface TeamsCredentials {
  /** null: development mode (no credentials, as the Bot Framework Emulator expects) */
  appId: string | null;
  appPassword: string | null;
  /** single-tenant bots */
  appTenantId: string | null;
  endpoints?: BotFrameworkEndpoints;
  /** how outbound Bot Connector tokens are obtained; default: botbuilder's MSAL client-credentials flow */
  credentials?: ServiceClientCredentialsFactory;
}

/**
 * A CloudAdapter whose ConfigurationBotFrameworkAuthentication validates every activity's JWT (issuer, signing keys
 * from the OpenID metadata, audience = the app id, service URL claim). Turn errors are reported, never sent to the
 * conversation.
 */
export function createCloudAdapter(settings: TeamsCredentials, onError: (error: unknown) => void): CloudAdapter {
  const endpoints = settings.endpoints
    ? {
        ToBotFromChannelOpenIdMetadataUrl: settings.endpoints.openIdMetadataUrl,
        ToBotFromChannelTokenIssuer: settings.endpoints.tokenIssuer,
        ToBotFromEmulatorOpenIdMetadataUrl: settings.endpoints.openIdMetadataUrl,
        ToChannelFromBotLoginUrl: settings.endpoints.loginUrl,
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        OAuthUrl: settings.endpoints.loginUrl,
        CallerId: 'urn:botframework:azure',
        ValidateAuthority: false,
      }
    : {};
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: settings.appId ?? '',
      MicrosoftAppPassword: settings.appPassword ?? '',
      MicrosoftAppType: settings.appTenantId ? 'SingleTenant' : 'MultiTenant',
      MicrosoftAppTenantId: settings.appTenantId ?? '',
      ...endpoints,
    },
    settings.credentials,
  );
  // jsonwebtoken's errors (bad signature, expired, not yet valid) reach the adapter unwrapped, and it answers 500:
  // they mean the caller is not authenticated.
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && TOKEN_ERRORS.has(error.name)) throw new AuthenticationError(`Unauthorized: ${error.message}`, 401);
      throw error;
    }
  };
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => onError(error);
  return adapter;
}

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

export interface BotHttpRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface BotHttpResponse {
  status: number;
  body: unknown;
}

/** Runs one POST /api/messages through the adapter (authentication, then the turn) and returns the HTTP answer. */
export async function processActivity(adapter: CloudAdapter, request: BotHttpRequest, turn: (context: TurnContext) => Promise<void>): Promise<BotHttpResponse> {
  const response: BotHttpResponse = { status: 200, body: '' };
  const res = {
    socket: null,
    header: () => {},
    status: (code: number) => {
      response.status = code;
    },
    send: (body: unknown) => {
      response.body = body;
    },
    end: () => {},
  };
  await adapter.process({ method: request.method, headers: request.headers, body: request.body as Record<string, unknown> }, res, turn);
  return response;
}
