-- Narrower rollups derived from rollup_daily / rollup_hourly, so unfiltered reports read a few thousand rows.

-- Per person and tool and day (no model, project): the base of the people-centred reports.
CREATE TABLE rollup_person_daily (LIKE rollup_daily);
ALTER TABLE rollup_person_daily DROP COLUMN model, DROP COLUMN project;
-- API-equivalent value of the day's tokens at list prices, and the tokens of models without a known price.
ALTER TABLE rollup_person_daily ADD COLUMN api_value_usd double precision NOT NULL, ADD COLUMN unpriced_tokens bigint NOT NULL;
-- The sessions started that day: their tokens, and how many fall in each session-depth bucket (<10k, 10k-100k,
-- 100k-1M, 1M-10M, 10M+ tokens; DEPTH_BOUNDS in src/domain/metrics/period-facts.ts).
ALTER TABLE rollup_person_daily ADD COLUMN session_tokens bigint NOT NULL,
  ADD COLUMN depth_0 int NOT NULL, ADD COLUMN depth_1 int NOT NULL, ADD COLUMN depth_2 int NOT NULL,
  ADD COLUMN depth_3 int NOT NULL, ADD COLUMN depth_4 int NOT NULL;
ALTER TABLE rollup_person_daily ADD PRIMARY KEY (org_id, day, person, tool);

-- Per model (no person): the models report.
CREATE TABLE rollup_model_daily (
  org_id                 uuid NOT NULL,
  day                    date NOT NULL,
  tool                   text COLLATE "C" NOT NULL,
  model                  text COLLATE "C" NOT NULL,
  project                text COLLATE "C" NOT NULL,
  requests               int NOT NULL,
  input_tokens           bigint NOT NULL,
  output_tokens          bigint NOT NULL,
  cache_read_tokens      bigint NOT NULL,
  cache_creation_tokens  bigint NOT NULL,
  wf_code_generation     int NOT NULL,
  wf_debugging           int NOT NULL,
  wf_code_review         int NOT NULL,
  wf_documentation       int NOT NULL,
  wf_other               int NOT NULL,
  PRIMARY KEY (org_id, day, tool, model, project)
);

-- Prompts + model requests per UTC hour and tool: peak activity.
CREATE TABLE rollup_tool_hourly (
  org_id    uuid NOT NULL,
  hour      timestamptz NOT NULL,
  tool      text COLLATE "C" NOT NULL,
  activity  bigint NOT NULL,
  PRIMARY KEY (org_id, hour, tool)
);

-- Person-filtered reads of the hourly rollups.
CREATE INDEX rollup_hourly_person ON rollup_hourly (org_id, person, hour);
