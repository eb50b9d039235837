import type { AlertStore, DeliveryLog, DigestStore } from '../../app/digest-ports.ts';
import { createAlertRule, disableAlertRule, enabledAlertRules, listAlertRules, recordAlertEvaluation, removeAlertRule } from './alert-store.ts';
import {
  claimDelivery, createDigestSchedule, deleteDigestSchedule, disableDigestSchedule, findDigestSchedule, finishDelivery, listDigestSchedules, openDeliveries,
  recordDeliveryMessage, takeDueDigests,
} from './digest-store.ts';
import type { ChatViewerList, CursorSyncStore, EventStore, RollupStore } from '../../app/ports.ts';
import { isApiKeyActive, listApiKeys, revokeApiKey, rotateApiKey } from './api-key-admin-store.ts';
import { findApiKey } from './api-key-store.ts';
import { listViewers } from './chat-viewer-store.ts';
import { dueCursorOrgs, findCursorConnection, listCursors, markCursorSync, resetCursors, saveCursor, saveCursorConnection, saveCursorDays, syncCursorMembers, type CursorConnectionInput } from './cursor-store.ts';
import { nudgeStore } from './nudge-store.ts';
import type { Db } from './database.ts';
import { insertEvents, resolveCumulativePoints } from './event-store.ts';
import { currentSeatTier, findApiEvent, lastArrivalFor } from './ingest-status-store.ts';
import { erasePerson, type ErasureTarget } from './person-erasure.ts';
import { postgresReportReader } from './report-reader.ts';
import { claimDirtyDays, markRecentDaysOfAllOrgs, orgsWithPendingDays, pendingDaysWithin, rebuildRollupDays } from './rollup-store.ts';
import { getPriceList, importRoster, listPeople, setPrices } from './roster-store.ts';
import type { SecretBox } from './secret-box.ts';
import { deleteInstallation, findInstallation, findInstallationsOfOrg, saveInstallation } from './slack-installation-store.ts';
import { summarizeUsage } from './summary-store.ts';
import { findPersonalConversation, findTeamsConversation, forgetTeamsConversation, listTeamsConversations, saveTeamsConversation } from './teams-conversation-store.ts';
import { orgOfTenant } from './teams-tenant-store.ts';

export function rollupStore(db: Db): RollupStore {
  return {
    claimDirtyDays: (orgId) => claimDirtyDays(db, orgId),
    markRecentDays: (days, now) => markRecentDaysOfAllOrgs(db, days, now),
    rebuildDays: (orgId, days) => rebuildRollupDays(db, orgId, days),
  };
}

/** The Cursor connections and sync state; admin keys are sealed and opened with `box` (ENCRYPTION_KEY). */
export function cursorStore(db: Db, box: SecretBox) {
  return {
    connection: (orgId: string) => findCursorConnection(db, box, orgId),
    saveConnection: (orgId: string, input: CursorConnectionInput) => saveCursorConnection(db, box, orgId, input),
    cursors: (orgId: string) => listCursors(db, orgId),
    saveCursor: (orgId, endpoint, state, counts) => saveCursor(db, orgId, endpoint, state, counts),
    resetCursors: (orgId: string) => resetCursors(db, orgId),
    syncMembers: (orgId, members, tier, days) => syncCursorMembers(db, orgId, members, tier, days),
    saveDays: (orgId, facts) => saveCursorDays(db, orgId, facts),
    markSync: (orgId, event) => markCursorSync(db, orgId, event),
    dueOrgs: (now: Date) => dueCursorOrgs(db, now),
  } satisfies CursorSyncStore & Record<string, unknown>;
}

export type CursorStore = ReturnType<typeof cursorStore>;

/** Every Postgres store, bound to one pool: what the composition root hands to routes, use cases and workers. */
export function postgresStores(db: Db) {
  return {
    ping: async (): Promise<void> => {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
    events: {
      insertEvents: (orgId, events) => insertEvents(db, orgId, events),
      resolveCumulativePoints: (orgId, points) => resolveCumulativePoints(db, orgId, points),
    } satisfies EventStore,
    keys: {
      find: (key: string) => findApiKey(db, key),
      isActive: (orgId: string, keyId: string) => isApiKeyActive(db, orgId, keyId),
      list: (orgId: string) => listApiKeys(db, orgId),
      revoke: (orgId: string, prefix: string) => revokeApiKey(db, orgId, prefix),
      rotate: (orgId: string, prefix: string) => rotateApiKey(db, orgId, prefix),
    },
    ingestStatus: {
      lastArrivalFor: (orgId: string, email: string | null, tool: string | null) => lastArrivalFor(db, orgId, email, tool),
      findApiEvent: (orgId: string, clientId: string) => findApiEvent(db, orgId, clientId),
      currentSeatTier: (orgId: string, email: string, tool: string) => currentSeatTier(db, orgId, email, tool),
    },
    roster: {
      importRoster: (orgId: string, roster: Parameters<typeof importRoster>[2]) => importRoster(db, orgId, roster),
      listPeople: (orgId: string) => listPeople(db, orgId),
      getPriceList: (orgId: string) => getPriceList(db, orgId),
      setPrices: (orgId: string, entries: Parameters<typeof setPrices>[2]) => setPrices(db, orgId, entries),
      erasePerson: (orgId: string, target: ErasureTarget) => erasePerson(db, orgId, target),
    },
    summary: { summarize: (query: Parameters<typeof summarizeUsage>[1]) => summarizeUsage(db, query) },
    reports: postgresReportReader(db),
    rollups: rollupStore(db),
    /** orgs with days marked or claimed but not rolled up (written while Redis was away, or left by a dead worker) */
    orgsWithPendingRollups: () => orgsWithPendingDays(db),
    chatViewers: { list: (platform, orgId) => listViewers(db, orgId, platform) } satisfies ChatViewerList,
    slackInstallations: {
      find: (box: SecretBox, teamId: string) => findInstallation(db, box, teamId),
      ofOrg: (box: SecretBox, orgId: string) => findInstallationsOfOrg(db, box, orgId),
      save: (box: SecretBox, install: Parameters<typeof saveInstallation>[2]) => saveInstallation(db, box, install),
      delete: (teamId: string) => deleteInstallation(db, teamId),
    },
    teamsConversations: {
      save: (conversation: Parameters<typeof saveTeamsConversation>[1]) => saveTeamsConversation(db, conversation),
      find: (orgId: string, conversationId: string) => findTeamsConversation(db, orgId, conversationId),
      findPersonal: (orgId: string, userId: string) => findPersonalConversation(db, orgId, userId),
      list: (orgId: string) => listTeamsConversations(db, orgId),
      forget: async (orgId: string, conversationId: string, teamId: string | null) => {
        await forgetTeamsConversation(db, orgId, conversationId, teamId);
      },
    },
    orgOfTenant: (tenantId: string) => orgOfTenant(db, tenantId),
    digests: {
      create: (input) => createDigestSchedule(db, input),
      list: (orgId, where) => listDigestSchedules(db, orgId, where ?? null),
      find: (orgId, scheduleId) => findDigestSchedule(db, orgId, scheduleId),
      remove: (orgId, idPrefix, where) => deleteDigestSchedule(db, orgId, idPrefix, where ?? null),
      disable: (orgId, scheduleId, reason) => disableDigestSchedule(db, orgId, scheduleId, reason),
      takeDue: (now, plan) => takeDueDigests(db, now, plan),
    } satisfies DigestStore,
    deliveries: {
      open: (leaseExpiredBefore) => openDeliveries(db, leaseExpiredBefore),
      claim: (orgId, key, leaseExpiredBefore) => claimDelivery(db, orgId, key, leaseExpiredBefore),
      recordMessage: (orgId, key, messageId) => recordDeliveryMessage(db, orgId, key, messageId),
      finish: (orgId, key, outcome) => finishDelivery(db, orgId, key, outcome),
    } satisfies DeliveryLog,
    alerts: {
      create: (input) => createAlertRule(db, input),
      list: (orgId, where) => listAlertRules(db, orgId, where ?? null),
      remove: (orgId, idPrefix, where) => removeAlertRule(db, orgId, idPrefix, where ?? null),
      disable: (orgId, ruleId, reason) => disableAlertRule(db, orgId, ruleId, reason),
      enabled: () => enabledAlertRules(db),
      record: (rule, reading, change) => recordAlertEvaluation(db, rule, reading, change),
    } satisfies AlertStore,
    /** days of an org within [from, to] that are marked or claimed for a rollup (their numbers may still change) */
    pendingRollupDays: (orgId: string, from: string, to: string) => pendingDaysWithin(db, orgId, from, to),
    nudges: nudgeStore(db),
    cursor: (box: SecretBox) => cursorStore(db, box),
  };
}

export type PostgresStores = ReturnType<typeof postgresStores>;
