-- Metrics engine: per-org settings, price list, roster import keys, rollups.

ALTER TABLE orgs
  ADD COLUMN min_group_size    int NOT NULL DEFAULT 5 CHECK (min_group_size BETWEEN 1 AND 1000),
  ADD COLUMN grace_period_days int NOT NULL DEFAULT 7 CHECK (grace_period_days BETWEEN 0 AND 365);

-- NULL: the seat takes the org's price list (or the built-in default) for its tool and tier.
ALTER TABLE licenses ALTER COLUMN monthly_price_usd DROP NOT NULL;
ALTER TABLE licenses ADD CONSTRAINT licenses_assignment UNIQUE (org_id, person_id, tool, valid_from);

CREATE TABLE price_list (
  org_id             uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  tool               text COLLATE "C" NOT NULL,
  tier               text NOT NULL,
  monthly_price_usd  numeric(12, 2) NOT NULL CHECK (monthly_price_usd >= 0),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, tool, tier)
);

-- Org-zone days whose rollups must be rebuilt (written by ingestion, drained by the rollup worker).
CREATE TABLE rollup_dirty_days (
  org_id     uuid NOT NULL,
  day        date NOT NULL,
  marked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, day)
);

-- Rollup text keys use the "C" collation: byte order makes their sorts and groupings several times faster,
-- and no report sorts them for people to read.

-- One row per (tool, session id): where and for whom a session started, and its totals.
CREATE TABLE rollup_sessions (
  org_id      uuid NOT NULL,
  tool        text COLLATE "C" NOT NULL,
  session_id  text COLLATE "C" NOT NULL,
  person      text COLLATE "C" NOT NULL,          -- '' when unknown
  model       text COLLATE "C" NOT NULL,          -- first model request's model, '' when none
  project     text COLLATE "C" NOT NULL,
  started_at  timestamptz NOT NULL,
  start_day   date NOT NULL,          -- in the org's time zone
  last_at     timestamptz NOT NULL,
  prompts     int NOT NULL,
  requests    int NOT NULL,
  tokens      bigint NOT NULL,
  PRIMARY KEY (org_id, tool, session_id)
);
CREATE INDEX rollup_sessions_start ON rollup_sessions (org_id, start_day);

CREATE TABLE rollup_daily (
  org_id                 uuid NOT NULL,
  day                    date NOT NULL,
  person                 text COLLATE "C" NOT NULL,
  tool                   text COLLATE "C" NOT NULL,
  model                  text COLLATE "C" NOT NULL,
  project                text COLLATE "C" NOT NULL,
  sessions               int NOT NULL,
  prompts                int NOT NULL,
  requests               int NOT NULL,
  input_tokens           bigint NOT NULL,
  output_tokens          bigint NOT NULL,
  cache_read_tokens      bigint NOT NULL,
  cache_creation_tokens  bigint NOT NULL,
  cost_usd               numeric(20, 10) NOT NULL,
  active_seconds         double precision NOT NULL,
  lines_added            bigint NOT NULL,
  lines_removed          bigint NOT NULL,
  commits                int NOT NULL,
  pull_requests          int NOT NULL,
  wf_code_generation     int NOT NULL,
  wf_debugging           int NOT NULL,
  wf_code_review         int NOT NULL,
  wf_documentation       int NOT NULL,
  wf_other               int NOT NULL,
  PRIMARY KEY (org_id, day, person, tool, model, project)
);
CREATE INDEX rollup_daily_person ON rollup_daily (org_id, person, day);

-- The same measures per UTC hour: the last 24 hours, other time zones, and peak activity.
CREATE TABLE rollup_hourly (LIKE rollup_daily);
ALTER TABLE rollup_hourly DROP COLUMN day;
ALTER TABLE rollup_hourly ADD COLUMN hour timestamptz NOT NULL;
ALTER TABLE rollup_hourly ADD PRIMARY KEY (org_id, hour, person, tool, model, project);

-- First and last active day (org zone) per person and tool.
CREATE TABLE rollup_people (
  org_id     uuid NOT NULL,
  person     text COLLATE "C" NOT NULL,
  tool       text COLLATE "C" NOT NULL,
  first_day  date NOT NULL,
  last_day   date NOT NULL,
  PRIMARY KEY (org_id, person, tool)
);
