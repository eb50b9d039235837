import { describe, expect, it } from 'vitest';
import type { ApiKeyPrincipal } from '../../src/adapters/postgres/api-key-store.ts';
import { cachedKeyLookup, HttpError } from '../../src/http/auth.ts';
import { FailedAuthLimiter, limitFailedLookups } from '../../src/http/failed-auth-limiter.ts';

const GOOD = `upt_${'G'.repeat(12)}_${'g'.repeat(32)}`;
const principal: ApiKeyPrincipal = { orgId: 'o', keyId: 'k', prefix: 'G'.repeat(12), scopes: ['ingest'], personEmail: null };
const guess = (i: number, prefix = 'P'.repeat(12)) => `upt_${prefix}_${String(i).padStart(32, '0')}`;

function setup() {
  let clock = 5_000_000;
  let queries = 0;
  const limiter = new FailedAuthLimiter({ nowMs: () => clock });
  const lookup = cachedKeyLookup(
    limitFailedLookups(async (key) => {
      queries++;
      return key === GOOD ? principal : null;
    }, limiter),
    { nowMs: () => clock },
  );
  return { lookup, queries: () => queries, advance: (ms: number) => (clock += ms) };
}

async function refusal(work: Promise<unknown>): Promise<HttpError> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('the limit on failed authentications', () => {
  it('after 20 failures in a minute from an address, answers 429 with Retry-After without asking storage', async () => {
    const s = setup();
    for (let i = 0; i < 20; i++) expect(await s.lookup(guess(i, `A${String(i).padStart(11, '0')}`), '10.0.0.1')).toBeNull();
    expect(s.queries()).toBe(20);
    s.advance(15_000);
    const refused = await refusal(s.lookup(guess(99, 'B'.repeat(12)), '10.0.0.1'));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(s.queries()).toBe(20);
    // another address is not affected
    expect(await s.lookup(GOOD, '10.0.0.2')).toBe(principal);
    // a key already known valid still works from the limited address (colleagues behind one NAT)
    expect(await s.lookup(GOOD, '10.0.0.1')).toBe(principal);
    // once the window is over, the address may try again
    s.advance(45_001);
    expect(await s.lookup(guess(100, 'C'.repeat(12)), '10.0.0.1')).toBeNull();
  });

  it('after 20 failures for one key prefix, from any addresses, refuses that prefix', async () => {
    const s = setup();
    for (let i = 0; i < 20; i++) await s.lookup(guess(i), `10.1.0.${i}`);
    expect((await refusal(s.lookup(guess(50), '10.2.0.1'))).statusCode).toBe(429);
    expect(await s.lookup(guess(51, 'Q'.repeat(12)), '10.2.0.1')).toBeNull();
  });

  it('the same unknown key again costs no query and no extra failure (remembered for a minute)', async () => {
    const s = setup();
    for (let i = 0; i < 100; i++) expect(await s.lookup(guess(1), '10.0.0.9')).toBeNull();
    expect(s.queries()).toBe(1);
    expect(await s.lookup(GOOD, '10.0.0.9')).toBe(principal);
  });
});
