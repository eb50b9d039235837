import { App, LogLevel, type AuthorizeResult } from '@slack/bolt';
import type { AlertStore, DigestStore } from '../../app/digest-ports.ts';
import type { ChartRenderer, ReportReader } from '../../app/ports.ts';
import type { SlackAnswerDeps } from './answer-service.ts';
import type { NudgeStore } from '../../app/nudge-ports.ts';
import { registerExplainAction } from './listeners/explain-action.ts';
import { registerNudgeActions } from './listeners/nudge-actions.ts';
import { registerCsvAction } from './listeners/csv-action.ts';
import { registerShareAction } from './listeners/share-action.ts';
import { registerSlashCommand } from './listeners/slash-command.ts';
import { registerUninstallEvents } from './listeners/uninstall-events.ts';
import { registerViewActions } from './listeners/view-actions.ts';
import type { OnceStore } from './once-store.ts';
import { SlackPeople, type ViewerList } from './slack-people.ts';
import { SlackHttpReceiver } from './slack-receiver.ts';
import type { WorkspaceDirectory } from './workspaces.ts';

export interface SlackAppOptions {
  signingSecret: string;
  /** Slack's Web API base URL (a local double in tests) */
  apiUrl: string;
  workspaces: WorkspaceDirectory;
  viewers: ViewerList;
  reader: ReportReader;
  renderer: ChartRenderer;
  once: OnceStore;
  now?: () => Date;
  onError?: (error: unknown) => void;
  /** Socket Mode (SLACK_APP_TOKEN): Bolt's own receiver over a WebSocket instead of POST /slack/events */
  appToken?: string | null;
  /** digest schedules and alert rules, for their commands */
  digests?: DigestStore;
  alerts?: AlertStore;
  /** answers to seat nudges (their buttons) */
  nudges?: { store: NudgeStore; serverUrl: string | null };
  /** deletes a stored installation when a workspace uninstalls the app (multi-workspace mode) */
  forgetWorkspace?: (teamId: string) => Promise<void>;
}

export interface SlackBot {
  app: App;
  /** null in Socket Mode */
  receiver: SlackHttpReceiver | null;
}

/**
 * The Bolt app with Uptake's listeners. `authorize` finds the workspace's org and bot token (so Bolt never calls
 * auth.test); an unknown workspace gets a context without an org, and the listeners say it is not connected.
 */
export function createSlackApp(options: SlackAppOptions): SlackBot {
  const onError = options.onError ?? (() => {});
  const receiver = options.appToken ? null : new SlackHttpReceiver({ signingSecret: options.signingSecret, once: options.once, now: options.now, onError });
  const authorize = async ({ teamId }: { teamId?: string }): Promise<AuthorizeResult> => {
    const workspace = teamId ? await options.workspaces.find(teamId) : null;
    if (!workspace) return { teamId };
    return {
      teamId,
      botToken: workspace.botToken,
      ...(workspace.botUserId ? { botUserId: workspace.botUserId } : {}),
      ...(workspace.botId ? { botId: workspace.botId } : {}),
      orgId: workspace.orgId,
    };
  };
  const app = new App({
    ...(receiver ? { receiver } : { socketMode: true, appToken: options.appToken as string, signingSecret: options.signingSecret }),
    authorize,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: options.apiUrl, retryConfig: { retries: 1 } },
  });
  const deps: SlackAnswerDeps = {
    reader: options.reader,
    renderer: options.renderer,
    people: new SlackPeople(options.viewers),
    now: options.now ?? (() => new Date()),
    onError,
    digests: options.digests,
    alerts: options.alerts,
    nudges: options.nudges?.store,
  };
  registerSlashCommand(app, deps);
  registerViewActions(app, deps);
  registerExplainAction(app, deps);
  registerShareAction(app, deps);
  registerCsvAction(app, deps);
  if (options.nudges) registerNudgeActions(app, { nudges: options.nudges.store, serverUrl: options.nudges.serverUrl, reader: options.reader, now: deps.now, onError });
  if (options.forgetWorkspace) registerUninstallEvents(app, options.forgetWorkspace);
  app.error(async (error) => onError(error));
  return { app, receiver };
}
