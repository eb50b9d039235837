import { describe, expect, it } from 'vitest';
import type { ApiKeyPrincipal } from '../../src/adapters/postgres/api-key-store.ts';
import { cachedKeyLookup } from '../../src/http/auth.ts';

const principal: ApiKeyPrincipal = { orgId: 'o', keyId: 'k', prefix: 'p', scopes: ['ingest'], personEmail: null };

describe('cachedKeyLookup', () => {
  it('asks storage once per key within the TTL and keeps the newest entries past the cap', async () => {
    const asked: string[] = [];
    const lookup = cachedKeyLookup(async (key) => {
      asked.push(key);
      return key === 'good' ? principal : null;
    }, { ttlMs: 60_000, unknownTtlMs: 60_000, maxEntries: 3 });
    expect(await lookup('good')).toBe(principal);
    expect(await lookup('good')).toBe(principal);
    expect(await lookup('bad')).toBeNull();
    expect(asked).toEqual(['good', 'bad']);
    await lookup('x1');
    await lookup('x2'); // cap 3: "good", the oldest, is forgotten
    await lookup('bad');
    await lookup('good');
    expect(asked).toEqual(['good', 'bad', 'x1', 'x2', 'good']);
  });

  it('does not remember failures to look a key up', async () => {
    let calls = 0;
    const lookup = cachedKeyLookup(async () => {
      calls++;
      if (calls === 1) throw new Error('database down');
      return principal;
    });
    await expect(lookup('k')).rejects.toThrow('database down');
    expect(await lookup('k')).toBe(principal);
  });

  it('trusts a valid key for 5 s at most (revocation latency) and remembers an unknown key for a minute', async () => {
    let clock = 1_000_000;
    let valid = true;
    const asked: string[] = [];
    const lookup = cachedKeyLookup(async (key) => {
      asked.push(key);
      return key === 'good' && valid ? principal : null;
    }, { nowMs: () => clock });
    expect(await lookup('good')).toBe(principal);
    expect(await lookup('bad')).toBeNull();
    valid = false; // revoked in the database
    clock += 4_900;
    expect(await lookup('good')).toBe(principal);
    clock += 200; // 5.1 s after the lookup
    expect(await lookup('good')).toBeNull();
    clock += 50_000;
    expect(await lookup('bad')).toBeNull();
    expect(asked).toEqual(['good', 'bad', 'good']);
    clock += 10_000; // 65.1 s after the first lookup of "bad"
    await lookup('bad');
    expect(asked).toEqual(['good', 'bad', 'good', 'bad']);
  });
});
