import { Redis } from 'ioredis';

/**
 * A Redis client. For request paths (the default): fail fast instead of queueing commands while disconnected.
 * `patient`: queue them and retry, for background work that had better wait out a short outage (the Cursor budgets).
 */
export function createRedis(url: string, options: { patient?: boolean } = {}): Redis {
  if (options.patient) return new Redis(url, { lazyConnect: false });
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
}
