-- Tenancy: every primary key starts with org_id.
CREATE TABLE orgs (
  org_id      uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  time_zone   text NOT NULL DEFAULT 'UTC',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  org_id        uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  key_id        uuid NOT NULL,
  -- the visible part of the key ("upt_<prefix>_..."), unique across orgs so a key finds its org
  prefix        text NOT NULL UNIQUE,
  secret_hash   bytea NOT NULL,
  scopes        text[] NOT NULL CHECK (scopes <@ ARRAY['ingest', 'read', 'admin']::text[] AND cardinality(scopes) > 0),
  person_email  text CHECK (person_email = lower(person_email)),
  name          text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  PRIMARY KEY (org_id, key_id)
);

CREATE TABLE people (
  org_id        uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  person_id     uuid NOT NULL,
  email         text NOT NULL CHECK (email = lower(email)),
  display_name  text,
  team          text,
  department    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, person_id),
  UNIQUE (org_id, email)
);

CREATE TABLE licenses (
  org_id             uuid NOT NULL,
  license_id         uuid NOT NULL,
  person_id          uuid NOT NULL,
  tool               text NOT NULL,
  tier               text NOT NULL,
  monthly_price_usd  numeric(12, 2) NOT NULL CHECK (monthly_price_usd >= 0),
  valid_from         date NOT NULL,
  valid_to           date,
  PRIMARY KEY (org_id, license_id),
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, person_id) ON DELETE CASCADE,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Normalized usage facts. Append-only; event_id is derived from a deterministic dedup key.
CREATE TABLE events (
  org_id                 uuid NOT NULL,
  event_id               uuid NOT NULL,
  occurred_at            timestamptz NOT NULL,
  received_at            timestamptz NOT NULL DEFAULT now(),
  source                 text NOT NULL,          -- otlp-logs, otlp-metrics, api
  tool                   text NOT NULL,          -- claude-code, gemini-cli, cursor, or service.name
  kind                   text NOT NULL,          -- api_request, user_prompt, tool_result, ...
  person_email           text,                   -- resolved person
  identity               text,                   -- raw identity: user.email / account / user.id / installation.id
  session_id             text,
  prompt_id              text,
  request_id             text,
  model                  text,
  input_tokens           bigint NOT NULL DEFAULT 0,
  output_tokens          bigint NOT NULL DEFAULT 0,
  cache_read_tokens      bigint NOT NULL DEFAULT 0,
  cache_creation_tokens  bigint NOT NULL DEFAULT 0,
  cost_usd               numeric(20, 10),
  duration_ms            double precision,
  tool_name              text,
  success                boolean,
  decision               text,
  lines_added            integer NOT NULL DEFAULT 0,
  lines_removed          integer NOT NULL DEFAULT 0,
  quantity               double precision,       -- counters from metrics: sessions, commits, PRs, active seconds
  project                text,
  attributes             jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, event_id)
);
CREATE INDEX events_org_time ON events (org_id, occurred_at);
CREATE INDEX events_org_session ON events (org_id, session_id);

-- Last point seen per cumulative metric series, to turn cumulative sums into deltas.
CREATE TABLE metric_series (
  org_id      uuid NOT NULL,
  series_id   uuid NOT NULL,
  start_ns    bigint NOT NULL,
  time_ns     bigint NOT NULL,
  value       double precision NOT NULL,
  PRIMARY KEY (org_id, series_id)
);
