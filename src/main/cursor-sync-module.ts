import type { CallBudgets } from '../adapters/cursor/call-budget.ts';
import { cursorClientFactory } from '../adapters/cursor/cursor-client.ts';
import type { Db } from '../adapters/postgres/database.ts';
import { cursorStore, type CursorStore, type PostgresStores } from '../adapters/postgres/postgres-stores.ts';
import { secretBox } from '../adapters/postgres/secret-box.ts';
import type { CursorApiFactory, RollupRequester } from '../app/ports.ts';
import type { CursorSyncDeps } from '../app/sync-cursor.ts';

export interface CursorOptions {
  /** ENCRYPTION_KEY: the admin keys are stored sealed with it */
  encryptionKey: Buffer;
  /** CURSOR_API_URL */
  apiUrl: string;
  /** the rate-limit window (60 000 ms; shorter only against a scaled-down double) */
  windowMs?: number;
  /** the per-endpoint rate budgets: shared through Redis in `npm start`; this process's own when absent */
  budgets?: CallBudgets;
}

/** The Cursor sync's parts: the store, the API clients (one rate budget per key and endpoint), the sync's deps. */
export interface CursorModule {
  store: CursorStore;
  api: CursorApiFactory;
  syncDeps(onProgress?: CursorSyncDeps['onProgress']): CursorSyncDeps;
}

export function buildCursorModule(options: CursorOptions, parts: { db: Db; stores: PostgresStores; rollups: RollupRequester | null; now: () => Date }): CursorModule {
  const store = cursorStore(parts.db, secretBox(options.encryptionKey));
  const api = cursorClientFactory({ baseUrl: options.apiUrl, windowMs: options.windowMs, budgets: options.budgets });
  return {
    store,
    api,
    syncDeps: (onProgress) => ({ store, events: parts.stores.events, rollups: parts.rollups, api, now: parts.now, onProgress }),
  };
}
