-- Rollup sums wide enough that no accepted event can overflow them (issue 12, D2). Every number an event carries
-- is bounded (src/domain/events/limits.ts); each column holds its bound times 1e9 events per org and day:
--   commits, pull requests: 1,000 per event -> bigint (int stopped at 2.1e9: one commit of quantity 3e9 broke it)
--   cost: 100,000 USD per event -> numeric(30, 10) (numeric(20, 10) stopped at 1e10 USD: 100,000 such events)
--   tokens (1e9 per field), lines (1e7), session tokens: bigint already; active seconds (86,400): double already.
-- Counts of events (prompts, requests, sessions, workflows) stay int: 2.1e9 events per group and day.
ALTER TABLE rollup_daily
  ALTER COLUMN commits TYPE bigint, ALTER COLUMN pull_requests TYPE bigint, ALTER COLUMN cost_usd TYPE numeric(30, 10);
ALTER TABLE rollup_hourly
  ALTER COLUMN commits TYPE bigint, ALTER COLUMN pull_requests TYPE bigint, ALTER COLUMN cost_usd TYPE numeric(30, 10);
ALTER TABLE rollup_person_daily
  ALTER COLUMN commits TYPE bigint, ALTER COLUMN pull_requests TYPE bigint, ALTER COLUMN cost_usd TYPE numeric(30, 10);
