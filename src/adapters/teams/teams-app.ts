import type { ChatAnswerDeps } from '../../app/answer-in-chat.ts';
import type { NudgeAnswering } from '../../app/send-nudges.ts';
import type { ChartLinks, ChatViewerList } from '../../app/ports.ts';
import type { ConversationBook, TenantDirectory } from './conversation-book.ts';
import { isAllowedServiceUrl, isLoopbackUrl } from './service-urls.ts';
import { TeamsBot } from './teams-bot.ts';
import { createCloudAdapter, processActivity, type BotHttpRequest, type BotHttpResponse, type TeamsCredentials } from './teams-endpoint.ts';
import { TeamsPlatform } from './teams-platform.ts';

export interface TeamsAppOptions extends TeamsCredentials {
  /** development mode (TEAMS_DEV=1): no credentials; loopback service URLs only */
  dev: boolean;
  /** where replies may go (TEAMS_SERVICE_URLS, default Microsoft's Bot Connector hosts) */
  serviceUrls: readonly string[];
  book: ConversationBook;
  tenants: TenantDirectory;
  viewers: ChatViewerList;
  links: ChartLinks;
  answering: ChatAnswerDeps;
  /** answers to seat nudges (their buttons) */
  nudges?: NudgeAnswering;
  /** an activity refused without any answer (its service URL is not allowed) */
  onRefused: (reason: string) => void;
}

export interface TeamsApp {
  /** POST /api/messages */
  handle(request: BotHttpRequest): Promise<BotHttpResponse>;
  /** the chat port: what workers post digests, alerts and nudges through */
  platform: TeamsPlatform;
  /** development mode: loopback clients only */
  dev: boolean;
  idle(): Promise<void>;
}

/** The Teams bot: botbuilder's CloudAdapter, Uptake's turns, and the platform that posts through stored references. */
export function createTeamsApp(options: TeamsAppOptions): TeamsApp {
  const serviceUrlAllowed = options.dev ? isLoopbackUrl : (url: string) => isAllowedServiceUrl(url, options.serviceUrls);
  const adapter = createCloudAdapter(options.dev ? { ...options, appId: null, appPassword: null } : options, options.answering.onError);
  const platform = new TeamsPlatform({ adapter, appId: options.dev ? '' : (options.appId ?? ''), book: options.book, links: options.links, serviceUrlAllowed });
  const bot = new TeamsBot({ platform, book: options.book, tenants: options.tenants, viewers: options.viewers, answering: options.answering, nudges: options.nudges ?? null, serviceUrlAllowed, onRefused: options.onRefused });
  return {
    handle: (request) => processActivity(adapter, request, (context) => bot.onTurn(context)),
    platform,
    dev: options.dev,
    idle: () => bot.idle(),
  };
}
