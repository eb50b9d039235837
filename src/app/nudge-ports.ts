import type { NudgeHistory } from '../domain/nudges/nudge-eligibility.ts';
import type { NudgeChoice, NudgeOutcome } from '../domain/nudges/nudge-message.ts';
import type { SeatReview } from '../domain/nudges/review-seats.ts';
import type { Reply } from '../domain/replies/reply-types.ts';
import type { ChatPlatformName } from './ports.ts';

/** An org's nudge setting as stored (the grace period is the org's own setting). */
export interface StoredNudgeSettings {
  enabled: boolean;
  idleDays: number;
}

export interface NudgeStore {
  settings(orgId: string): Promise<StoredNudgeSettings>;
  saveSettings(orgId: string, change: Partial<StoredNudgeSettings>): Promise<StoredNudgeSettings>;
  /** every person of the org with a nudge history, by lower-cased email */
  histories(orgId: string): Promise<Map<string, NudgeHistory>>;
  /** orgs with nudges turned on */
  enabledOrgs(): Promise<string[]>;
  /** where a person was found in chat before (null: never looked up) */
  contact(orgId: string, email: string): Promise<PersonContact | null>;
  saveContact(orgId: string, email: string, contact: PersonContact): Promise<void>;
  /** everyone of the org looked up before (found or not), by email */
  contacts(orgId: string): Promise<Map<string, PersonContact>>;
  /** saves many contacts at once (a platform's directory read) */
  saveContacts(orgId: string, contacts: ReadonlyMap<string, PersonContact>): Promise<void>;
  /**
   * Records a nudge and its delivery (a direct message with `message`) in one transaction; false when the person
   * already got one today (another worker decided first).
   */
  createNudge(orgId: string, nudge: NewNudge): Promise<boolean>;
  /** What the nudges sent in [from, to] (org-zone days) achieved. */
  outcome(orgId: string, from: string, to: string): Promise<NudgeOutcome>;
  /** Records the person's answer and what follows from it; null when the nudge is unknown. */
  answer(orgId: string, nudgeId: string, choice: NudgeChoice, snoozeUntil: string): Promise<AnsweredNudge | null>;
}

/** A person as the chat platforms know them: found (where, their time zone), or not found (why). */
export type PersonContact = { found: true; platform: ChatPlatformName; userId: string; timeZone: string | null } | { found: false; reason: string };

export interface NewNudge {
  nudgeId: string;
  seat: SeatReview;
  sentOn: string;
  platform: ChatPlatformName;
  userId: string;
  message: Reply;
}

export interface AnsweredNudge {
  email: string;
  seat: Pick<SeatReview, 'tool' | 'tier' | 'since' | 'lastUsed' | 'monthlyCostUsd'>;
}
