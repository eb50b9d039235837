import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chartUrlSecret } from '../../../src/config.ts';
import { signChartLink, verifyChartLink, type ChartLink } from '../../../src/http/chart-link-token.ts';

const secret = Buffer.alloc(32, 1);
const link: ChartLink = { orgId: 'org-a', chart: 'usage-tools', query: { range: '7d', tool: 'cursor' }, personEmail: null, isAdmin: false, expiresAt: 2_000_000_000, keyId: 'key-1' };
const now = 1_999_999_000_000;

describe('signed chart link tokens', () => {
  it('round-trips before expiry', () => {
    expect(verifyChartLink(secret, signChartLink(secret, link), now)).toEqual({ ok: true, link });
  });

  it('is JSON followed by HMAC-SHA256 of it, in base64url', () => {
    const bytes = Buffer.from(signChartLink(secret, link), 'base64url');
    const payload = bytes.subarray(0, bytes.length - 32);
    expect(JSON.parse(payload.toString())).toMatchObject({ o: 'org-a', c: 'usage-tools', e: 2_000_000_000, k: 'key-1' });
    expect(bytes.subarray(bytes.length - 32)).toEqual(createHmac('sha256', secret).update(payload).digest());
  });

  it('refuses expired, tampered, foreign and malformed tokens', () => {
    const token = signChartLink(secret, link);
    expect(verifyChartLink(secret, token, 2_000_000_000_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyChartLink(Buffer.alloc(32, 2), token, now)).toEqual({ ok: false, reason: 'invalid' });
    const bytes = Buffer.from(token, 'base64url');
    const forged = Buffer.concat([Buffer.from(bytes.subarray(0, bytes.length - 32).toString().replace('org-a', 'org-b')), bytes.subarray(bytes.length - 32)]);
    expect(verifyChartLink(secret, forged.toString('base64url'), now)).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of ['', 'abc', 'a.b', '%%%', 'x'.repeat(2000)]) expect(verifyChartLink(secret, bad, now).ok).toBe(false);
    // a validly signed payload that is not a link
    const junk = Buffer.from('{"o":1}');
    const signedJunk = Buffer.concat([junk, createHmac('sha256', secret).update(junk).digest()]).toString('base64url');
    expect(verifyChartLink(secret, signedJunk, now)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('chartUrlSecret', () => {
  it('uses CHART_URL_SECRET, else derives a different key from ENCRYPTION_KEY, else none', () => {
    const encryptionKey = 'ab'.repeat(32);
    expect(chartUrlSecret({ CHART_URL_SECRET: 's'.repeat(40), ENCRYPTION_KEY: encryptionKey })).toEqual(Buffer.from('s'.repeat(40)));
    const derived = chartUrlSecret({ CHART_URL_SECRET: undefined, ENCRYPTION_KEY: encryptionKey })!;
    expect(derived).toHaveLength(32);
    expect(derived.equals(Buffer.from(encryptionKey, 'hex'))).toBe(false);
    expect(derived).toEqual(chartUrlSecret({ CHART_URL_SECRET: undefined, ENCRYPTION_KEY: encryptionKey }));
    expect(chartUrlSecret({ CHART_URL_SECRET: undefined, ENCRYPTION_KEY: undefined })).toBeNull();
  });
});
