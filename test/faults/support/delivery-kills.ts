import { sql } from 'kysely';
import type { FaultEnvironment } from './environment.ts';
import { sleep, waitFor } from './ports.ts';
import { waitForLine } from './server-process.ts';

/** How many of the org's chat deliveries are in each state (due, sending, sent, …). */
export async function deliveryStates(env: FaultEnvironment): Promise<Record<string, number>> {
  const rows = await sql<{ state: string; n: number }>`SELECT state, count(*)::int AS n FROM chat_deliveries WHERE org_id = ${env.org.orgId} GROUP BY state`.execute(env.db);
  return Object.fromEntries(rows.rows.map((r) => [r.state, r.n]));
}

/**
 * Starts a worker once per delay and kills it with SIGKILL `delay` ms after it has begun delivering (`calls`, the
 * count of its calls to a chat platform, went up), until all `total` deliveries are sent. Returns the delivery
 * states after each kill that landed inside the run.
 */
export async function killWorkerWhileDelivering(
  env: FaultEnvironment,
  settings: Record<string, string>,
  run: { delays: number[]; total: number; calls: () => number; what: string },
): Promise<Array<Record<string, number>>> {
  const midRun: Array<Record<string, number>> = [];
  for (const delay of run.delays) {
    const worker = env.start('worker', settings);
    await waitForLine(worker, /Workers started/);
    const before = run.calls();
    await waitFor(`the worker to ${run.what}`, async () => run.calls() > before || (await deliveryStates(env)).sent === run.total, 60_000, 20);
    await sleep(delay);
    await worker.kill9();
    const at = await deliveryStates(env);
    if ((at.sent ?? 0) >= run.total) break;
    midRun.push(at);
  }
  return midRun;
}
