import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingTime } from '../../src/domain/nudges/working-hours.ts';
import { checkWave, seedWaveOrg, type WaveOrg } from '../support/nudge-wave.ts';
import { SLACK_RATE_TIERS, SlackDouble } from '../support/slack-double.ts';
import { deliveryStates, killWorkerWhileDelivering } from './support/delivery-kills.ts';
import { useFaultEnvironment } from './support/environment.ts';
import { sleep, waitFor } from './support/ports.ts';

// A nudge wave reaches every idle seat's holder exactly once: 200 seats, 100 of them never used, 10 of those
// holders unknown to Slack (the Slack double with Slack's rate tiers). The worker (a real `UPTAKE_ROLE=worker`
// process) is killed with SIGKILL at points spread over the wave, restarted, and at the end each of the 90 people
// Slack knows has one DM, whose delivery key is their nudge's, and the nudges table and delivery log agree.

const env = useFaultEnvironment('nudge-crash');
const SEATS = 200;
const IDLE = 100;
const NOT_IN_SLACK = 10;
/** after a (re)started worker has posted its first DM, kill it this much later (ms) */
const KILL_AFTER_MS = [0, 300, 50, 900, 150, 600, 0, 1200];
const TOKEN = 'xoxb-nudge-crash';

/**
 * The working hours are the people's own (9:00 to 17:00 on weekdays in their Slack time zone): the people live in
 * a zone where it is a weekday between 9:00 and 16:00 now. From Saturday 05:00 to Sunday 19:00 UTC there is none.
 */
function workingZone(now: Date): string | null {
  for (let offset = -12; offset <= 14; offset++) {
    const zone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    if (isWorkingTime(zone, now) && isWorkingTime(zone, new Date(now.getTime() + 60 * 60_000))) return zone;
  }
  return null;
}

const zone = workingZone(new Date());
let slack: SlackDouble;
let wave: WaveOrg;

beforeAll(async () => {
  if (!zone) return;
  wave = await seedWaveOrg(env.db, env.org.orgId, { seats: SEATS, idle: IDLE, notInSlack: NOT_IN_SLACK, today: new Date().toISOString().slice(0, 10), zones: [zone] });
  slack = new SlackDouble({ tokens: [TOKEN], users: wave.slackUsers, botChannels: [], rateTiers: SLACK_RATE_TIERS });
  await slack.start();
}, 60_000);

afterAll(async () => {
  await slack?.stop();
});

const deliveries = () => deliveryStates(env);

describe('kill -9 of the worker during a nudge wave', () => {
  it.skipIf(!zone)('sends every idle seat\'s holder one DM: 0 lost, 0 duplicates', async () => {
    const settings = {
      SLACK_SIGNING_SECRET: 'crash-secret', SLACK_BOT_TOKEN: TOKEN, SLACK_ORG_ID: env.org.orgId, SLACK_API_URL: slack.apiUrl,
      NUDGE_TICK_MS: '500', DIGEST_TICK_MS: '300', DELIVERY_LEASE_MS: '2500', JOB_LOCK_MS: '2000',
    };
    const eligible = IDLE - NOT_IN_SLACK;
    const posts = () => slack.callsTo('chat.postMessage').length;
    // kill only once this worker is delivering: it has posted a DM
    const midWave = await killWorkerWhileDelivering(env, settings, { delays: KILL_AFTER_MS, total: eligible, calls: posts, what: 'post a DM' });
    // the kills landed inside the wave (DMs were still due), not before or after it
    expect(midWave.length).toBeGreaterThanOrEqual(3);
    const last = env.start('worker', settings);
    await waitFor('every nudge sent', async () => (await deliveries()).sent === eligible, 180_000, 200).catch(async (error: unknown) => {
      const open = await sql`SELECT state, attempts, last_error FROM chat_deliveries WHERE org_id = ${env.org.orgId} AND state <> 'sent' LIMIT 5`.execute(env.db);
      throw new Error(`${String(error)}\n${JSON.stringify(open.rows)}\n${last.lines.slice(-15).join('\n')}`);
    });
    await sleep(3000); // more ticks: nothing may be sent again
    await last.stop();

    const check = await checkWave(env.db, env.org.orgId, wave, slack);
    console.log(`[faults] nudges: ${eligible} people due a DM, ${midWave.length} kills inside the wave (${midWave.map((m) => JSON.stringify(m)).join(' ')}); ${JSON.stringify(check)}; ${slack.rateLimited} answers 429`);
    expect(check).toEqual({
      eligible, deliveredOnce: eligible, lost: 0, duplicates: 0, strays: 0, nudgeRows: eligible, nudgeRowsSentWithTs: eligible, unreachableRecorded: NOT_IN_SLACK,
    });
    expect(await deliveries()).toEqual({ sent: eligible });
  });
});
