import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretBox } from '../../../src/adapters/postgres/secret-box.ts';
import { signInstallState, verifyInstallState } from '../../../src/adapters/slack/install-state.ts';
import { deliveryKey } from '../../../src/adapters/slack/delivery-key.ts';
import { memoryOnceStore } from '../../../src/adapters/slack/once-store.ts';

const KEY = randomBytes(32);
const ORG = '00000000-0000-4000-8000-000000000001';

describe('install state', () => {
  const state = signInstallState(KEY, { orgId: ORG, expiresAt: 2_000 });
  it.each([
    ['valid', state, 1_000, { orgId: ORG, expiresAt: 2_000 }],
    ['expired', state, 2_001, null],
    ['other key', signInstallState(randomBytes(32), { orgId: ORG, expiresAt: 2_000 }), 1_000, null],
    ['payload swapped', `${Buffer.from(JSON.stringify({ o: 'other', e: 9e15 })).toString('base64url')}.${state.split('.')[1]}`, 1_000, null],
    ['empty', '', 1_000, null],
    ['three parts', `${state}.x`, 1_000, null],
    ['garbage', '%%%.%%%', 1_000, null],
  ])('%s', (_name, text, now, expected) => {
    expect(verifyInstallState(KEY, text, now)).toEqual(expected);
  });
});

describe('secretBox', () => {
  it('round-trips, never stores the plain text, and refuses tampering or another key', () => {
    const box = secretBox(KEY);
    const sealed = box.seal('xoxb-123-secret');
    expect(sealed.includes(Buffer.from('xoxb'))).toBe(false);
    expect(box.open(sealed)).toBe('xoxb-123-secret');
    expect(box.seal('same').equals(box.seal('same'))).toBe(false);
    const tampered = Buffer.from(sealed);
    tampered[14] = (tampered[14] ?? 0) ^ 1;
    expect(() => box.open(tampered)).toThrow();
    expect(() => secretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => box.open(Buffer.alloc(10))).toThrow();
  });
});

describe('delivery keys and the once store', () => {
  it.each([
    [{ event_id: 'Ev1', trigger_id: 't' }, 'event:Ev1'],
    [{ trigger_id: '123.456' }, 'trigger:123.456'],
  ])('%o → %s', (body, key) => {
    expect(deliveryKey(body, 'raw')).toBe(key);
  });

  it('hashes bodies without ids, and claims a key once until it expires', async () => {
    expect(deliveryKey({}, 'a')).not.toBe(deliveryKey({}, 'b'));
    let t = 0;
    const once = memoryOnceStore(() => t);
    expect(await once.claim('k', 10)).toBe(true);
    expect(await once.claim('k', 10)).toBe(false);
    t = 10_001;
    expect(await once.claim('k', 10)).toBe(true);
  });
});
