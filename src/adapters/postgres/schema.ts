import type { ColumnType, Generated } from 'kysely';
import type { AlertKind } from '../../domain/alerts/alert-rules.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;
/** numeric columns come back from pg as strings to keep their precision. */
type Decimal = ColumnType<string, string | number, string | number>;

export interface OrgsTable {
  org_id: string;
  name: string;
  time_zone: Generated<string>;
  min_group_size: Generated<number>;
  grace_period_days: Generated<number>;
  created_at: Generated<Date>;
}

export interface ApiKeysTable {
  org_id: string;
  key_id: string;
  prefix: string;
  secret_hash: Buffer;
  scopes: string[];
  person_email: string | null;
  name: string | null;
  created_at: Generated<Date>;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface PeopleTable {
  org_id: string;
  person_id: string;
  email: string;
  display_name: string | null;
  team: string | null;
  department: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LicensesTable {
  org_id: string;
  license_id: string;
  person_id: string;
  tool: string;
  tier: string;
  /** null: the org's price list (or the built-in default) applies */
  monthly_price_usd: Decimal | null;
  valid_from: DateOnly;
  valid_to: DateOnly | null;
}

export interface PriceListTable {
  org_id: string;
  tool: string;
  tier: string;
  monthly_price_usd: Decimal;
  updated_at: Generated<Date>;
}

export interface EventsTable {
  org_id: string;
  event_id: string;
  occurred_at: Timestamp;
  received_at: Generated<Date>;
  source: string;
  tool: string;
  kind: string;
  person_email: string | null;
  identity: string | null;
  session_id: string | null;
  prompt_id: string | null;
  request_id: string | null;
  model: string | null;
  input_tokens: ColumnType<string, number | string, number | string>;
  output_tokens: ColumnType<string, number | string, number | string>;
  cache_read_tokens: ColumnType<string, number | string, number | string>;
  cache_creation_tokens: ColumnType<string, number | string, number | string>;
  cost_usd: Decimal | null;
  duration_ms: number | null;
  tool_name: string | null;
  success: boolean | null;
  decision: string | null;
  lines_added: number;
  lines_removed: number;
  quantity: number | null;
  project: string | null;
  attributes: ColumnType<Record<string, unknown>, string, string>;
}

export interface MetricSeriesTable {
  org_id: string;
  series_id: string;
  start_ns: ColumnType<string, string, string>;
  time_ns: ColumnType<string, string, string>;
  value: number;
}

export interface SlackInstallationsTable {
  org_id: string;
  team_id: string;
  team_name: string | null;
  bot_user_id: string | null;
  bot_id: string | null;
  bot_token_encrypted: Buffer;
  installed_by: string | null;
  installed_at: Generated<Date>;
}

export interface ChatViewersTable {
  org_id: string;
  platform: 'slack' | 'teams';
  subject_kind: 'user' | 'usergroup';
  subject_id: string;
  added_at: Generated<Date>;
}

export interface TeamsTenantsTable {
  org_id: string;
  tenant_id: string;
  linked_at: Generated<Date>;
}

export interface TeamsConversationsTable {
  org_id: string;
  conversation_id: string;
  tenant_id: string;
  conversation_type: 'personal' | 'groupChat' | 'channel';
  service_url: string;
  channel_id: Generated<string>;
  bot_id: string;
  user_id: string | null;
  aad_object_id: string | null;
  team_id: string | null;
  name: string | null;
  updated_at: Generated<Date>;
}

export interface DigestSchedulesTable {
  org_id: string;
  schedule_id: string;
  platform: 'slack' | 'teams';
  conversation_id: string;
  cadence: 'daily' | 'weekly' | 'monthly';
  at_time: string;
  weekday: number | null;
  month_day: number | null;
  time_zone: string;
  views: string[];
  filters: Generated<string>;
  show_people: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  next_run_at: Date;
  disabled_reason: string | null;
}

export interface ChatDeliveriesTable {
  org_id: string;
  delivery_key: string;
  schedule_id: string | null;
  period_from: string | null;
  period_to: string | null;
  platform: 'slack' | 'teams';
  conversation_id: string;
  state: 'due' | 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  message_id: string | null;
  due_at: Date;
  claimed_at: Date | null;
  sent_at: Date | null;
  last_error: string | null;
  alert_id: string | null;
  message: unknown;
  direct: Generated<boolean>;
}

export interface AlertRulesTable {
  org_id: string;
  rule_id: string;
  platform: 'slack' | 'teams';
  conversation_id: string;
  kind: AlertKind;
  threshold: number;
  days: number | null;
  filters: Generated<string>;
  state: Generated<'ok' | 'firing'>;
  transitions: Generated<number>;
  last_value: number | null;
  last_detail: string | null;
  evaluated_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
  disabled_reason: string | null;
  cooldown_minutes: Generated<number>;
  changed_at: Date | null;
}

export interface NudgeSettingsTable {
  org_id: string;
  enabled: Generated<boolean>;
  idle_days: Generated<number>;
  updated_at: Generated<Date>;
}

export interface NudgePeopleTable {
  org_id: string;
  email: string;
  opted_out_at: Date | null;
  snoozed_until: DateOnly | null;
  unreachable_reason: string | null;
  chat_platform: 'slack' | 'teams' | null;
  chat_user_id: string | null;
  time_zone: string | null;
}

export interface NudgesTable {
  org_id: string;
  nudge_id: string;
  email: string;
  tool: string;
  tier: string;
  seat_from: DateOnly;
  last_used: DateOnly | null;
  monthly_cost: number;
  sent_on: DateOnly;
  delivery_key: string;
  answer: 'help' | 'release' | 'snooze' | 'stop' | null;
  answered_at: Date | null;
}

export interface Database {
  orgs: OrgsTable;
  api_keys: ApiKeysTable;
  people: PeopleTable;
  licenses: LicensesTable;
  price_list: PriceListTable;
  events: EventsTable;
  metric_series: MetricSeriesTable;
  slack_installations: SlackInstallationsTable;
  chat_viewers: ChatViewersTable;
  teams_tenants: TeamsTenantsTable;
  teams_conversations: TeamsConversationsTable;
  digest_schedules: DigestSchedulesTable;
  chat_deliveries: ChatDeliveriesTable;
  alert_rules: AlertRulesTable;
  nudge_settings: NudgeSettingsTable;
  nudge_people: NudgePeopleTable;
  nudges: NudgesTable;
}
