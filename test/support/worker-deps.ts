import type { DigestDeps } from '../../src/app/send-digests.ts';
import type { NudgeDeps } from '../../src/app/send-nudges.ts';
import type { Container } from '../../src/main/container.ts';

/** What the delivery job runs with, from a test's container (failures of one delivery are the test's to check). */
export function deliveryDepsOf(container: Container, now: () => Date): DigestDeps {
  const { stores } = container;
  return { digests: stores.digests, deliveries: stores.deliveries, alerts: stores.alerts, platforms: container.platforms, reader: container.reader, pendingDays: stores.pendingRollupDays, now, onError: () => {} };
}

/** What the nudge tick runs with, from a test's container; any failure fails the test. */
export function nudgeDepsOf(container: Container, now: () => Date): NudgeDeps {
  return { nudges: container.stores.nudges, reader: container.reader, platforms: container.platforms, now, onError: (error) => { throw error; } };
}
