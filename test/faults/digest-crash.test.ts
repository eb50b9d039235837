import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveTeamsConversation } from '../../src/adapters/postgres/teams-conversation-store.ts';
import { BotConnectorDouble } from '../support/bot-connector-double.ts';
import { SlackDouble } from '../support/slack-double.ts';
import { deliveryStates, killWorkerWhileDelivering } from './support/delivery-kills.ts';
import { useFaultEnvironment } from './support/environment.ts';
import { sleep, waitFor } from './support/ports.ts';

// Deliveries to people happen exactly once: the worker (a real `UPTAKE_ROLE=worker` process) is killed with
// SIGKILL at points spread over a digest run, restarted, and at the end every due digest is in its conversation
// once. On Slack a rerun finds a message a killed run posted by the delivery key in its metadata; on Teams a killed
// run may leave a stray placeholder ("Preparing …"), but the digest card itself arrives once.

const env = useFaultEnvironment('digest-crash');
const SLACK_CHANNELS = Array.from({ length: 16 }, (_, i) => `C0DIGEST${i}`);
const TEAMS_CHATS = Array.from({ length: 6 }, (_, i) => `19:digest${i}@thread.tacv2`);
/** digests of different views are composed and drawn apart (the same content is composed once) */
const VIEWS = [['adoption', 'usage'], ['value', 'models'], ['leaderboard', 'underutilized'], ['usage', 'value']];
/** after a (re)started worker has made its first call to a platform, kill it this much later (ms): spread over posts, renders, chart uploads, placeholder updates and the bookkeeping between */
const KILL_AFTER_MS = [0, 150, 400, 50, 700, 250, 1000, 100];
const TITLE = 'Weekly AI adoption digest';

let slack: SlackDouble;
let teams: BotConnectorDouble;

beforeAll(async () => {
  slack = new SlackDouble({ tokens: ['xoxb-crash'], users: {}, botChannels: SLACK_CHANNELS });
  teams = new BotConnectorDouble({ appId: '', appPassword: '', users: [], anonymous: true });
  // answers take as long as across the internet, so the run lasts long enough for every kill to land inside it
  slack.latencyMs = 100;
  teams.latencyMs = 100;
  await Promise.all([slack.start(), teams.start()]);
});

afterAll(async () => {
  await slack?.stop();
  await teams?.stop();
});

async function schedule(platform: 'slack' | 'teams', conversationId: string, views: string[]): Promise<void> {
  await sql`INSERT INTO digest_schedules (org_id, schedule_id, platform, conversation_id, cadence, at_time, weekday, time_zone, views, next_run_at)
    VALUES (${env.org.orgId}, ${randomUUID()}, ${platform}, ${conversationId}, 'weekly', '09:00', 1, 'UTC', ${views}::text[], now() - interval '1 minute')`.execute(env.db);
}

const states = () => deliveryStates(env);

describe('kill -9 of the worker during digest deliveries', () => {
  it('delivers every due digest exactly once', async () => {
    for (const [i, channel] of SLACK_CHANNELS.entries()) await schedule('slack', channel, VIEWS[i % VIEWS.length]!);
    for (const chat of TEAMS_CHATS) {
      await saveTeamsConversation(env.db, {
        orgId: env.org.orgId, conversationId: chat, tenantId: randomUUID(), conversationType: 'channel', serviceUrl: teams.serviceUrl, channelId: 'msteams', botId: '28:uptake', userId: null, aadObjectId: null, teamId: null, name: null,
      });
      await schedule('teams', chat, VIEWS[TEAMS_CHATS.indexOf(chat) % VIEWS.length]!);
    }
    const settings = {
      SLACK_SIGNING_SECRET: 'crash-secret', SLACK_BOT_TOKEN: 'xoxb-crash', SLACK_ORG_ID: env.org.orgId, SLACK_API_URL: slack.apiUrl,
      TEAMS_DEV: '1', TEAMS_ORG_ID: env.org.orgId, DIGEST_TICK_MS: '300', DELIVERY_LEASE_MS: '2500', JOB_LOCK_MS: '2000',
    };
    const total = SLACK_CHANNELS.length + TEAMS_CHATS.length;
    const platformCalls = () => slack.calls.length + teams.calls.length;
    // kill only once this worker is delivering: it has called a platform
    const midRun = await killWorkerWhileDelivering(env, settings, { delays: KILL_AFTER_MS, total, calls: platformCalls, what: 'call a platform' });
    // the kills landed inside the run (deliveries were still open), not before or after it
    expect(midRun.length, JSON.stringify(midRun)).toBeGreaterThanOrEqual(3);
    const last = env.start('worker', settings);
    await waitFor('every delivery sent', async () => (await states()).sent === SLACK_CHANNELS.length + TEAMS_CHATS.length, 120_000, 200).catch(async (error: unknown) => {
      const open = await sql`SELECT state, attempts, last_error, platform FROM chat_deliveries WHERE org_id = ${env.org.orgId} AND state <> 'sent'`.execute(env.db);
      throw new Error(`${String(error)}\n${JSON.stringify(open.rows)}\n${last.lines.slice(-15).join('\n')}`);
    });
    await sleep(2000); // more ticks: nothing may be sent again
    await last.stop();

    for (const channel of SLACK_CHANNELS) {
      const digests = [...slack.messages.values()].filter((m) => m.channel === channel);
      expect(digests, channel).toHaveLength(1);
      expect(String(digests[0]!.blocks), channel).toContain(TITLE);
    }
    let strayPlaceholders = 0;
    for (const chat of TEAMS_CHATS) {
      const calls = teams.activitiesIn(chat);
      const cards = calls.filter((c) => c.method === 'PUT' && JSON.stringify(c.body).includes(TITLE));
      expect(new Set(cards.map((c) => c.activityId)).size, chat).toBe(1);
      strayPlaceholders += calls.filter((c) => c.method === 'POST').length - 1;
    }
    console.log(`[faults] digests: ${total} due, ${midRun.length} kills inside the run (${midRun.map((m) => JSON.stringify(m)).join(' ')}), each delivered once; ${strayPlaceholders} stray Teams placeholder(s)`);
    expect(await states()).toEqual({ sent: SLACK_CHANNELS.length + TEAMS_CHATS.length });
  });
});
