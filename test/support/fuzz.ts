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

/** Flips, overwrites, inserts, deletes and truncates bytes of a real body; deterministic for a seed. */
export function mutateBytes(body: Buffer, random: () => number): Buffer {
  let bytes = [...body];
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * bytes.length);
    const op = Math.floor(random() * 5);
    if (op === 0) bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
    else if (op === 1) bytes[at] = Math.floor(random() * 256);
    else if (op === 2) bytes.splice(at, 0, ...Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 256)));
    else if (op === 3) bytes.splice(at, 1 + Math.floor(random() * 16));
    else bytes = bytes.slice(0, at);
  }
  return Buffer.from(bytes);
}

/** Values a hostile or broken client might put anywhere. */
const HOSTILE: unknown[] = [
  null, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 3e9, 'NaN', 'Infinity', '-1e+308', '', ' ', 'x'.repeat(300), 'a\u0000b', '\uFFFD', '\ud800',
  '99999999999999999999999', true, false, {}, [], [null], [1, 'a'], { stringValue: 5 }, { intValue: 'many' }, { doubleValue: 1e308 },
  'constructor', '__proto__', 'claude-code', 'claude_code.api_request', '2026-11-24T10:00:00Z', '0000-01-01T00:00:00Z',
];

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slotsOf(value: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push({ parent: value, key: i }), slotsOf(v, out)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) (out.push({ parent: value as Record<string, unknown>, key: k }), slotsOf(v, out));
  }
  return out;
}

/** A copy of a JSON value with 1 to 3 random edits: a value replaced by a hostile one, removed, duplicated or wrapped. */
export function mutateJson<T>(value: T, random: () => number): T {
  const copy = structuredClone(value);
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const slots = slotsOf(copy);
    if (slots.length === 0) break;
    const { parent, key } = slots[Math.floor(random() * slots.length)]!;
    const p = parent as Record<string | number, unknown>;
    const op = Math.floor(random() * 5);
    if (op <= 1) p[key] = structuredClone(HOSTILE[Math.floor(random() * HOSTILE.length)]);
    else if (op === 2) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete p[key];
    } else if (op === 3 && Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
    else p[key] = [p[key]];
  }
  return copy;
}
