import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/http/log-redaction.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// D10: request logs never hold an email (email=, person= query values) or a signed chart link token.

// Request lines are at debug (LOG_LEVEL=debug shows them); at info a request writes nothing.
const lines: string[] = [];
const infoLines: string[] = [];
let t: TestContext;
let quiet: TestContext;
beforeAll(async () => {
  t = await createTestApp({
    logLevel: 'debug',
    logStream: { write: (line: string) => void lines.push(line) },
    chartRenderer: { render: async () => Buffer.from('png') },
  });
  quiet = await createTestApp({ logLevel: 'info', logStream: { write: (line: string) => void infoLines.push(line) } });
});
afterAll(async () => {
  await t.close();
  await quiet.close();
});

describe('request logs', () => {
  it('show the path with sensitive query values and chart tokens redacted', async () => {
    const org = await t.createOrg();
    const auth = { authorization: `Bearer ${org.adminKey}` };
    lines.length = 0;
    await t.app.inject({ method: 'GET', url: '/api/v1/ingest/status?email=ann.secret%40acme.com&tool=claude-code', headers: auth });
    await t.app.inject({ method: 'GET', url: '/api/v1/reports/usage?range=7d&person=bob.secret@acme.com&team=Stealth%20Project', headers: auth });
    await t.app.inject({ method: 'GET', url: '/api/v1/no-such-route?email=cy.secret@acme.com', headers: auth });
    const link = await t.app.inject({ method: 'POST', url: '/api/v1/charts/usage-tools/links?range=7d', headers: auth });
    expect(link.statusCode, link.body).toBe(201);
    const path = new URL(link.json().url as string).pathname;
    const token = path.slice('/c/'.length, -'.png'.length);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    await t.app.inject({ method: 'GET', url: '/c/forged-token-value.png' });

    const log = lines.join('');
    expect(log).toContain('/api/v1/ingest/status?email=[redacted]&tool=claude-code');
    expect(log).toContain('/api/v1/reports/usage?range=7d&person=[redacted]&team=[redacted]');
    expect(log).toContain('/c/[redacted]');
    for (const secret of ['ann.secret', 'bob.secret', 'cy.secret', 'Stealth', token, token.slice(0, 40), 'forged-token-value']) {
      expect(log, `log holds ${secret}`).not.toContain(secret);
    }
  });

  it('are at debug: at LOG_LEVEL=info requests, found or not, write nothing; lines carry ISO times', async () => {
    const org = await quiet.createOrg();
    infoLines.length = 0;
    await quiet.app.inject({ method: 'GET', url: '/healthz' });
    await quiet.app.inject({ method: 'GET', url: '/api/v1/no-such-route', headers: { authorization: `Bearer ${org.adminKey}` } });
    expect(infoLines).toEqual([]);
    const entry = JSON.parse(lines[0]!) as { time: string; level: number };
    expect(entry.level).toBe(20);
    expect(entry.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('redactUrl keeps allow-listed values and the path', () => {
    expect(redactUrl('/v1/logs')).toBe('/v1/logs');
    expect(redactUrl('/api/v1/summary?from=2026-01-01&to=2026-02-01&tool=cursor')).toBe('/api/v1/summary?from=2026-01-01&to=2026-02-01&tool=cursor');
    expect(redactUrl('/slack/oauth_redirect?code=abc&state=xyz')).toBe('/slack/oauth_redirect?code=[redacted]&state=[redacted]');
    expect(redactUrl('/x?%E0=1&flag')).toBe('/x?%E0=[redacted]&flag');
    expect(redactUrl('/api/v1/people/dev@acme.com?chatUser=U1')).toBe('/api/v1/people/[redacted]?chatUser=[redacted]');
    expect(redactUrl('/api/v1/people/dev%40acme.com')).toBe('/api/v1/people/[redacted]');
  });
});
