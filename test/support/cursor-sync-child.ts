// Runs one Cursor sync against a test database and the double, in its own process, so a test can SIGKILL it.
// Usage: node --import tsx test/support/cursor-sync-child.ts '<json: { databaseUrl, orgId, settings }>'
import { createDb } from '../../src/adapters/postgres/database.ts';
import { syncCursor } from '../../src/app/sync-cursor.ts';
import { cursorSyncDeps, type CursorHarnessSettings } from './cursor-harness.ts';

const input = JSON.parse(process.argv[2] ?? '{}') as { databaseUrl: string; orgId: string; settings: CursorHarnessSettings };
const db = createDb(input.databaseUrl, { max: 2 });
const deps = cursorSyncDeps(db, input.settings);
deps.onProgress = (p) => process.stdout.write(`${JSON.stringify({ endpoint: p.endpoint, page: p.page, stored: p.stored })}\n`);
await syncCursor(deps, input.orgId);
await db.destroy();
