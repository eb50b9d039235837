import { expect } from 'vitest';
import type { Db } from '../../src/adapters/postgres/database.ts';

/** The kinds an event may have (see migrations/0001_foundation.sql and the README). */
export const KINDS = ['api_request', 'api_error', 'user_prompt', 'tool_result', 'tool_decision', 'code_edit_decision',
  'session_start', 'lines_changed', 'commit', 'pull_request', 'active_time'];

/** An OTLP answer to bad input: 400 with a google.rpc.Status, or 200 with {} or a well-formed partialSuccess. */
export function expectNot5xx(name: string, res: { statusCode: number; body: string }, rejectedField: string): void {
  expect([200, 400], `${name}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
  const body = JSON.parse(res.body);
  if (res.statusCode === 400) expect(body).toMatchObject({ code: 3, message: expect.any(String) });
  else if (body.partialSuccess) expect(body.partialSuccess[rejectedField], name).toMatch(/^\d+$/);
  else expect(body, name).toEqual({});
}

export async function storedKinds(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select('kind').distinct().where('org_id', '=', orgId).execute();
  return rows.map((r) => r.kind);
}

/** A small seeded PRNG (mulberry32), so a failing mutation can be reproduced. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
