import type { Redis } from 'ioredis';

/** Delivery keys in Redis, shared by every API instance: SET NX with an expiry. */
export function redisOnceStore(
  redis: Redis,
  prefix = 'uptake:slack:delivery:',
): { claim(key: string, ttlSeconds: number): Promise<boolean>; release(key: string): Promise<void> } {
  return {
    async claim(key, ttlSeconds) {
      return (await redis.set(`${prefix}${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async release(key) {
      await redis.del(`${prefix}${key}`);
    },
  };
}
