import type { UsageEvent } from '../domain/events/usage-event.ts';
import type { Answer } from './answer-command.ts';
import type { ReportRequest } from './build-report.ts';
import type {
  DayModelRow, DayPersonRow, ModelRow, PersonSessions, PersonToolRow, ReportSettings, ReportSlice, RosterPerson, RosterSeat, SessionStats,
} from '../domain/metrics/rollup-rows.ts';
import type { CumulativePoint } from '../domain/otlp/normalize-metrics.ts';

/** Where usage events are stored; both methods return how many events were new (not duplicates). */
export interface EventStore {
  insertEvents(orgId: string, events: UsageEvent[]): Promise<number>;
  resolveCumulativePoints(orgId: string, points: CumulativePoint[]): Promise<number>;
}

/** Who is calling: the org of the API key and, for a personal key, the person. */
export interface Caller {
  orgId: string;
  personEmail: string | null;
}

/** Rollup tables: which days need rebuilding, and the rebuild itself. */
export interface RollupStore {
  /** the org's days to rebuild, claimed until a rebuild of them commits (those of a job that died included) */
  claimDirtyDays(orgId: string): Promise<string[]>;
  /** marks the most recent `days` days of every org; returns the org ids */
  markRecentDays(days: number, now: Date): Promise<string[]>;
  /** rebuilds the days and releases their claims in one transaction */
  rebuildDays(orgId: string, days: string[]): Promise<{ days: string[] }>;
}

/** Asks the workers to roll up an org's newly written days. */
export interface RollupRequester {
  requestRollup(orgId: string): Promise<void>;
}

/** Reads rollups and the roster for reports. */
export interface ReportReader {
  context(orgId: string): Promise<{ settings: ReportSettings; people: RosterPerson[]; seats: RosterSeat[]; prices: Map<string, number> } | null>;
  personToolTotals(slice: ReportSlice): Promise<PersonToolRow[]>;
  modelTotals(slice: ReportSlice): Promise<ModelRow[]>;
  dailyByPerson(slice: ReportSlice): Promise<DayPersonRow[]>;
  dailyByModel(slice: ReportSlice): Promise<DayModelRow[]>;
  peakActivity(slice: ReportSlice): Promise<Array<{ weekday: number; hour: number; count: number }>>;
  sessionStats(slice: ReportSlice): Promise<SessionStats>;
  sessionsByPerson(slice: ReportSlice): Promise<PersonSessions[]>;
  activitySpans(orgId: string, tool: string | null): Promise<Map<string, { firstDay: string; lastDay: string }>>;
  dataUpTo(orgId: string): Promise<Date | null>;
  /** the tools, models and projects the org's events carry, and the organizations its people sent */
  eventFilterValues(orgId: string): Promise<{ tool: string[]; model: string[]; project: string[]; organization: string[] }>;
  /** each person's organization: the `organization.name` of their newest event that had one */
  personOrganizations(orgId: string): Promise<Map<string, string>>;
  /** Cursor's daily counters summed over the slice (null: not applicable to its filters) */
  cursorActivity?(slice: ReportSlice): Promise<import('../domain/metrics/rollup-rows.ts').CursorActivity | null>;
}

/** Draws a chart (domain/charts) as a PNG image. */
export interface ChartRenderer {
  render(drawing: import('../domain/charts/chart-types.ts').ChartDrawing): Promise<Buffer>;
}

/** The chat platforms Uptake speaks on. */
export type ChatPlatformName = 'slack' | 'teams';

/** Who asked in chat, as the platform and the org's allow-list (`chat_viewers`) know them. */
export interface ChatAsker {
  /** the platform's user id (Slack U…, Teams AAD object id) */
  userId: string;
  email: string | null;
  /** may see per-person numbers */
  mayViewPeople: boolean;
}

/** Where a message goes: a channel or group chat, a person's direct chat with the bot, a thread, or a message to update. */
export type ChatTarget =
  | { kind: 'conversation'; conversationId: string }
  | { kind: 'direct'; userId: string }
  | { kind: 'thread'; conversationId: string; threadId: string }
  | { kind: 'update'; conversationId: string; messageId: string };

/** A conversation the bot can post in (a Slack channel, a Teams channel, group chat or personal chat). */
export interface ChatConversation {
  platform: ChatPlatformName;
  orgId: string;
  /** the Slack workspace or the Teams tenant */
  workspaceId: string;
  conversationId: string;
  kind: 'channel' | 'group' | 'personal';
  name: string | null;
}

/** A reply to deliver, with the report request its charts are drawn from. */
export interface ChatMessage {
  answer: Answer;
  /** false for a snapshot shared in public: no buttons (a click would answer with the clicker's rights in public) */
  interactive: boolean;
  /** a line under the reply, e.g. "Shared by Ann" */
  note?: string | null;
}

/** Posts Replies on one chat platform: what digests, alerts and nudges (workers) and chat answers deliver through. */
export interface ChatPlatform {
  readonly name: ChatPlatformName;
  /** the org's installations' known conversations (Teams: stored conversation references; Slack: the bot's channels) */
  conversations(orgId: string): Promise<ChatConversation[]>;
  /** posts (or updates) a message; returns the platform's id of the message */
  post(orgId: string, target: ChatTarget, message: ChatMessage): Promise<{ conversationId: string; messageId: string }>;
  /**
   * Makes one delivery to people (a digest, an alert, a nudge) at most once in the conversation, even when a run
   * died half-way and this is its rerun (`delivery.retry`). `compose` is called only if the message still has to go
   * out; `recordMessage` stores the platform's id of the message before its content is sent where the platform
   * cannot find its messages again (Teams), so that a rerun fills in the same message (`delivery.messageId`).
   * The message's controls are shown: a delivery's reply carries only those meant for its readers (a nudge's answers).
   */
  deliverOnce(orgId: string, target: ChatTarget, delivery: DeliveryAttempt): Promise<void>;
  /**
   * A person by email, for a direct message (null: not found; PeopleSearchUnavailableError: cannot look now); absent
   * where the platform cannot look people up at all.
   */
  findPerson?(orgId: string, email: string): Promise<ChatPerson | null>;
  /**
   * Everyone the platform knows in the org's workspace, by lower-cased email: for looking up many people at once
   * (Slack's users.list, a page of hundreds per call, against one users.lookupByEmail call per person).
   */
  directory?(orgId: string): Promise<Map<string, ChatPerson>>;
}

/** A person as a chat platform knows them: the id to message them, and their time zone if the platform gives one. */
export interface ChatPerson {
  userId: string;
  timeZone: string | null;
}

/** One run of a delivery, as `ChatPlatform.deliverOnce` sees it. */
export interface DeliveryAttempt {
  /** the delivery's key (carried in the message where the platform can search for it) */
  key: string;
  /** an earlier run claimed this delivery and may have posted it */
  retry: boolean;
  /** when the delivery was first claimed: a message of an earlier run is not older */
  since: Date;
  /** the message an earlier run recorded, if any */
  messageId: string | null;
  /** shown while the content is prepared, where a platform posts a placeholder first */
  placeholder: string;
  recordMessage(messageId: string): Promise<void>;
  compose(): Promise<Answer>;
}

/** The platform cannot look people up for this org now (Teams: the bot is in no team or group chat of it). */
export class PeopleSearchUnavailableError extends Error {}

/** The conversation is gone, or the bot was removed from it: what is scheduled there stops. */
export class ConversationGoneError extends Error {}

/** Who an org allows to see per-person numbers in chat (the `chat_viewers` allow-list), per platform. */
export interface ChatViewerList {
  list(platform: ChatPlatformName, orgId: string): Promise<Array<{ kind: 'user' | 'usergroup'; id: string }>>;
}

/** Signed, short-lived links to chart PNGs (`/c/<token>.png`) for platforms that show images by URL. */
export interface ChartLinks {
  /** null when the service has no public URL (PUBLIC_URL) to build links with */
  linkFor(chart: string, request: ReportRequest): string | null;
}

/** A Teams conversation the bot can post in, as stored: the parts of a conversation reference a proactive send needs. */
export interface TeamsConversation {
  orgId: string;
  conversationId: string;
  tenantId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  serviceUrl: string;
  channelId: string;
  botId: string;
  /** personal chats: the person's Teams user id and Entra object id */
  userId: string | null;
  aadObjectId: string | null;
  /** channels: the team they belong to */
  teamId: string | null;
  name: string | null;
}

/** One Cursor team's Admin API, bound to its admin key (src/adapters/cursor): rate budget and retries inside. */
export interface CursorApi {
  members(): Promise<import('../domain/cursor/api-shapes.ts').CursorMember[]>;
  /** paginated (so every member comes back, with placeholders); `pageSize` is members per page */
  dailyUsage(window: import('../domain/cursor/windows.ts').TimeWindow, page: number, pageSize: number): Promise<{ rows: import('../domain/cursor/api-shapes.ts').CursorDailyRow[]; hasNextPage: boolean }>;
  usageEvents(window: import('../domain/cursor/windows.ts').TimeWindow, page: number, pageSize: number): Promise<{ events: import('../domain/cursor/api-shapes.ts').CursorUsageEvent[]; hasNextPage: boolean; total: number }>;
}

/** Builds the API for an admin key (the same key always shares one rate budget). */
export type CursorApiFactory = (apiKey: string) => CursorApi;

/** Where one Cursor endpoint's sync stands: all data through `doneThrough` (epoch ms, inclusive) is stored; `reading` is the window in progress. */
export interface EndpointCursor {
  doneThrough: number | null;
  reading: { from: number; to: number; nextPage: number } | null;
  rowsStored: number;
  requests: number;
}

/** What the Cursor sync reads and writes besides events: the org's connection, its cursors, its roster seats. */
export interface CursorSyncStore {
  connection(orgId: string): Promise<{ apiKey: string; tier: string } | null>;
  cursors(orgId: string): Promise<Record<import('../domain/cursor/api-shapes.ts').CursorEndpoint, EndpointCursor>>;
  saveCursor(
    orgId: string,
    endpoint: import('../domain/cursor/api-shapes.ts').CursorEndpoint,
    state: Pick<EndpointCursor, 'doneThrough' | 'reading'>,
    counts: { rows: number; requests: number },
  ): Promise<void>;
  /** members → seats: a new seat starts `seatsFrom` (the first day this sync reads), a removed member's seat ends `today` */
  syncMembers(orgId: string, members: readonly import('../domain/cursor/api-shapes.ts').CursorMember[], tier: string, days: { seatsFrom: string; today: string }): Promise<{ seatsCreated: number; seatsEnded: number }>;
  /** member-days of daily-usage-data (placeholders left out), for Cursor's own measures */
  saveDays(orgId: string, facts: readonly import('../domain/cursor/daily-facts.ts').CursorDayFacts[]): Promise<void>;
  markSync(orgId: string, event: { kind: 'started'; at: Date } | { kind: 'succeeded'; at: Date } | { kind: 'failed'; at: Date; errorKind: 'auth' | 'api'; message: string }): Promise<void>;
}
