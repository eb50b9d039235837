import type { AlertCondition, AlertReading, AlertState } from '../domain/alerts/alert-rules.ts';
import type { DigestPeriod, DigestTiming } from '../domain/digests/digest-timing.ts';
import type { Reply } from '../domain/replies/reply-types.ts';
import type { View } from '../domain/metrics/report-types.ts';
import type { ChatPlatformName } from './ports.ts';

/** A digest that goes to one conversation on a schedule. */
export interface DigestSchedule {
  orgId: string;
  scheduleId: string;
  platform: ChatPlatformName;
  conversationId: string;
  timing: DigestTiming;
  views: View[];
  /** the filter words as typed: "team:web tool:cursor" */
  filters: string;
  /** an admin allowed per-person numbers in this conversation */
  showPeople: boolean;
  createdBy: string | null;
  nextRunAt: Date;
  /** why the schedule stopped (the conversation is gone, the bot was removed); null while it runs */
  disabledReason: string | null;
}

export type NewDigestSchedule = Omit<DigestSchedule, 'disabledReason'>;

/** What one run of a schedule delivers, and when the schedule runs next. */
export interface DigestRun {
  key: string;
  period: DigestPeriod;
  nextRunAt: Date;
}

/** One delivery to people (a digest run today; alerts and nudges next), made once per key. */
export interface Delivery {
  orgId: string;
  key: string;
  scheduleId: string | null;
  /** the alert rule whose change of state this delivers; null for a digest */
  alertId: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  platform: ChatPlatformName;
  /** the conversation, or (when `direct`) the platform's user id of the person it goes to */
  conversationId: string;
  direct: boolean;
  state: 'due' | 'sending' | 'sent' | 'failed';
  attempts: number;
  /** the message reserved for the delivery, once there is one */
  messageId: string | null;
  dueAt: Date;
  /** an alert's message, fixed when the rule changed state; null for a digest (composed when delivered) */
  message: Reply | null;
}

export interface DigestStore {
  create(input: NewDigestSchedule): Promise<DigestSchedule>;
  list(orgId: string, where?: { platform: ChatPlatformName; conversationId: string } | null): Promise<DigestSchedule[]>;
  find(orgId: string, scheduleId: string): Promise<DigestSchedule | null>;
  remove(orgId: string, idPrefix: string, where?: { platform: ChatPlatformName; conversationId: string } | null): Promise<DigestSchedule | null>;
  disable(orgId: string, scheduleId: string, reason: string): Promise<void>;
  takeDue(now: Date, plan: (schedule: DigestSchedule, now: Date) => DigestRun): Promise<number>;
}

export interface DeliveryLog {
  open(leaseExpiredBefore: Date): Promise<Array<{ orgId: string; key: string }>>;
  claim(orgId: string, key: string, leaseExpiredBefore: Date): Promise<Delivery | null>;
  recordMessage(orgId: string, key: string, messageId: string): Promise<void>;
  finish(orgId: string, key: string, outcome: { state: 'sent' } | { state: 'due' | 'failed'; error: string }): Promise<void>;
}

/** An alert rule in a conversation, with the state its last evaluation left it in. */
export interface AlertRule {
  orgId: string;
  ruleId: string;
  platform: ChatPlatformName;
  conversationId: string;
  condition: AlertCondition;
  state: AlertState;
  /** how many times it changed state (numbers its deliveries) */
  transitions: number;
  /** the least time between two state changes */
  cooldownMinutes: number;
  /** when it last changed state; null: never */
  changedAt: Date | null;
  lastDetail: string | null;
  disabledReason: string | null;
}

export type NewAlertRule = Pick<AlertRule, 'orgId' | 'ruleId' | 'platform' | 'conversationId' | 'condition' | 'cooldownMinutes'> & { createdBy: string | null };

/** A rule's change of state at an evaluation: its new state, and its delivery's key and message. */
export interface AlertChange {
  state: AlertState;
  key: string;
  message: Reply;
  at: Date;
}

export interface AlertStore {
  create(input: NewAlertRule): Promise<AlertRule>;
  list(orgId: string, where?: { platform: ChatPlatformName; conversationId: string } | null): Promise<AlertRule[]>;
  remove(orgId: string, idPrefix: string, where?: { platform: ChatPlatformName; conversationId: string } | null): Promise<AlertRule | null>;
  /** stops a rule (its conversation is gone), with the reason shown where rules are listed */
  disable(orgId: string, ruleId: string, reason: string): Promise<void>;
  /** every enabled rule of every org */
  enabled(): Promise<AlertRule[]>;
  /**
   * Records an evaluation; with a transition, moves the rule to its new state and adds its delivery in the same
   * transaction (unless the rule changed meanwhile: another evaluation got there first).
   */
  record(rule: AlertRule, reading: AlertReading, change: AlertChange | null): Promise<void>;
}
