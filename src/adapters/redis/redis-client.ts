import { Redis } from 'ioredis';

/** A Redis client for request paths: fail fast instead of queueing commands while disconnected. */
export function createRedis(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
}
