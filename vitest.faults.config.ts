import { defineConfig } from 'vitest/config';

// `npm run test:faults`: kills and outages against a Postgres cluster and a redis-server of the suite's own
// (test/faults/support), one file at a time since each stops and starts services and real server processes.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
