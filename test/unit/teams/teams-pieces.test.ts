import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeCardText, replyCard } from '../../../src/adapters/teams/adaptive-card.ts';
import { isAllowedServiceUrl, isLoopbackUrl, MICROSOFT_SERVICE_URLS } from '../../../src/adapters/teams/service-urls.ts';
import { cardActionOf, commandText, tenantOf } from '../../../src/adapters/teams/teams-activity.ts';
import { splitThread } from '../../../src/adapters/teams/conversation-book.ts';
import type { Reply } from '../../../src/domain/replies/reply-types.ts';
import { sampleReply } from '../../support/sample-reply.ts';
import { buildTeamsPackage } from '../../../src/main/teams-package.ts';

const reply: Reply = sampleReply({ subtitle: '26 Oct – 24 Nov 2026 · team: [click](https://evil.example)', note: 'A note.' });

type Card = { body: Array<Record<string, unknown>>; actions?: Array<{ title: string; data: Record<string, unknown> }> };

describe('replyCard', () => {
  it('renders title, subtitle, a FactSet with changes, notes, images, the context line and the controls', () => {
    const card = replyCard(reply, { interactive: true, shareable: true, images: [{ title: 'Active users', url: 'https://u.example/c/t.png' }], note: 'Shared by Ann' }) as unknown as Card;
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock', 'TextBlock', 'FactSet', 'TextBlock', 'Image', 'TextBlock', 'Input.ChoiceSet']);
    expect(card.body[2]!.facts).toEqual([{ title: 'Active users', value: '41  ▲ 37%' }, { title: 'Adoption rate', value: '70%  ▼ 5 pts' }, { title: 'New users', value: '4' }]);
    expect(card.body[1]!.text).toBe('26 Oct – 24 Nov 2026 · team: (click)(https://evil.example)');
    expect(card.body[5]!.text).toBe('Data up to 5 min ago · 41 of 50 licensed people reporting · Shared by Ann');
    expect(card.body[6]).toMatchObject({ id: 'uptakeView', value: 'usage 30d' });
    expect(card.actions!.map((a) => a.data)).toEqual([{ uptake: 'view' }, { uptake: 'scope', command: 'adoption 30d users' }, { uptake: 'explain', command: 'adoption 30d' }, { uptake: 'share', command: 'adoption 30d' }]);
  });

  it('leaves Share out where nobody could see it, and every control out of a snapshot', () => {
    const personal = replyCard(reply, { interactive: true, shareable: false, images: [] }) as unknown as Card;
    expect(personal.actions!.map((a) => a.data.uptake)).toEqual(['view', 'scope', 'explain']);
    const snapshot = replyCard(reply, { interactive: false, shareable: true, images: [] }) as unknown as Card;
    expect(snapshot.actions).toBeUndefined();
    expect(snapshot.body.some((e) => e.type === 'Input.ChoiceSet')).toBe(false);
  });

  it('keeps typed text from becoming a link', () => {
    expect(escapeCardText('[x](https://a.example)')).toBe('(x)(https://a.example)');
  });
});

describe('Teams activities', () => {
  it.each([
    ['ai-adoption last 30d', 'last 30d'],
    ['/ai-adoption last 30d', 'last 30d'],
    ['<at>Uptake</at> last 30d', 'last 30d'],
    ['<at>Uptake</at>&nbsp;/ai-adoption usage  team:web', 'usage team:web'],
    ['<p>AI-Adoption <b>models</b></p>', 'models'],
    ['ai-adoptions', 'ai-adoptions'],
  ])('reads the command in %j', (text, command) => {
    expect(commandText(text, () => '')).toBe(command);
  });

  it('turns a person\'s mention into what the bot resolved it to', () => {
    expect(commandText('<at>Uptake</at> usage <at>Bob Stone</at>', (inner) => (inner === 'Bob Stone' ? 'bob@acme.com' : ''))).toBe('usage bob@acme.com');
  });

  it('reads card actions only from our own buttons', () => {
    expect(cardActionOf({ value: { uptake: 'view', uptakeView: 'usage 30d' } })).toEqual({ kind: 'view', command: 'usage 30d' });
    expect(cardActionOf({ value: { uptake: 'share', command: 'adoption 7d' } })).toEqual({ kind: 'share', command: 'adoption 7d' });
    expect(cardActionOf({ value: { uptake: 'delete', command: 'x' } })).toBeNull();
    expect(cardActionOf({ value: { uptake: 'scope', command: 'x'.repeat(501) } })).toBeNull();
    expect(cardActionOf({ text: 'hi' })).toBeNull();
  });

  it('finds the tenant in the conversation or the channel data', () => {
    expect(tenantOf({ conversation: { tenantId: 't1' } as never })).toBe('t1');
    expect(tenantOf({ channelData: { tenant: { id: 't2' } } })).toBe('t2');
    expect(tenantOf({})).toBeNull();
  });

  it('splits a channel thread off its conversation id', () => {
    expect(splitThread('19:abc@thread.tacv2;messageid=1700')).toEqual({ base: '19:abc@thread.tacv2', threadId: '1700' });
    expect(splitThread('a:personal')).toEqual({ base: 'a:personal', threadId: null });
  });
});

describe('service URL allow-list', () => {
  it.each([
    ['https://smba.trafficmanager.net/amer/', true],
    ['https://smba.trafficmanager.net/teams/', true],
    ['https://smba.infra.gcc.teams.microsoft.com/', true],
    ['http://smba.trafficmanager.net/amer/', false],
    ['https://smba.trafficmanager.net.evil.example/amer/', false],
    ['https://user:pw@smba.trafficmanager.net/amer/', false],
    ['https://evil.example/?https://smba.trafficmanager.net/', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedServiceUrl(url, MICROSOFT_SERVICE_URLS)).toBe(allowed);
  });

  it('matches a configured prefix on scheme, host, port and path', () => {
    expect(isAllowedServiceUrl('http://127.0.0.1:3978/teams/v3', ['http://127.0.0.1:3978/teams/'])).toBe(true);
    expect(isAllowedServiceUrl('http://127.0.0.1:3979/teams/', ['http://127.0.0.1:3978/teams/'])).toBe(false);
    expect(isAllowedServiceUrl('http://127.0.0.1:3978/other/', ['http://127.0.0.1:3978/teams/'])).toBe(false);
  });

  it('knows loopback service URLs (development mode)', () => {
    expect(isLoopbackUrl('http://localhost:3978/')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:3978/')).toBe(true);
    expect(isLoopbackUrl('https://smba.trafficmanager.net/')).toBe(false);
    expect(isLoopbackUrl('http://127.0.0.1.evil.example/')).toBe(false);
  });
});

describe('Teams app package', () => {
  it('is a zip with the manifest (app id and host filled in) and both icons', async () => {
    const zip = await buildTeamsPackage('11111111-2222-4333-8444-555555555555', 'https://uptake.example.com:8443/base');
    const dir = mkdtempSync(join(tmpdir(), 'uptake-teams-'));
    try {
      writeFileSync(join(dir, 'app.zip'), zip);
      const listing = execFileSync('unzip', ['-Z1', join(dir, 'app.zip')], { encoding: 'utf8' }).trim().split('\n');
      expect(listing).toEqual(['manifest.json', 'color.png', 'outline.png']);
      execFileSync('unzip', ['-tq', join(dir, 'app.zip')]);
      const manifest = JSON.parse(execFileSync('unzip', ['-p', join(dir, 'app.zip'), 'manifest.json'], { encoding: 'utf8' }));
      expect(manifest.id).toBe('11111111-2222-4333-8444-555555555555');
      expect(manifest.bots[0].botId).toBe(manifest.id);
      expect(manifest.validDomains).toEqual(['uptake.example.com']);
      expect(manifest.bots[0].commandLists[0].triggers).toEqual(['mention', 'slash']);
      expect(JSON.stringify(manifest)).not.toContain('{{');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
