import type { NudgeHistory } from '../domain/nudges/nudge-eligibility.ts';

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
}
