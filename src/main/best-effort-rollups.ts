import type { RollupRequester } from '../app/ports.ts';
import type { OutageLog } from './outage-log.ts';

/**
 * Rollup requests never fail or wait on the request path: the days are already marked in Postgres, and the
 * worker's catch-up (or the org's next request) rolls them up once Redis is back. A request gets `timeoutMs` to
 * reach Redis; while Redis is down one request at a time tries (the others are skipped), so calls cannot pile
 * up behind a connection that is not there, and the outage is logged once, not per request.
 */
export function bestEffortRollups<Q extends RollupRequester>(queue: Q, outage: OutageLog, timeoutMs = 2000): Q {
  let probing = false;
  return {
    ...queue,
    async requestRollup(orgId: string) {
      if (outage.down && probing) return;
      probing = outage.down;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([queue.requestRollup(orgId), timeout]);
        outage.succeeded();
      } catch (error) {
        outage.failed(error);
      } finally {
        clearTimeout(timer);
        probing = false;
      }
    },
  };
}
