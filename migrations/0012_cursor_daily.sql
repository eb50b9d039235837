-- Cursor's per person-day counters (daily-usage-data), for what only Cursor reports: tab and agent acceptance.
-- Days are UTC days, as Cursor gives them; the sync writes each day once it is complete.

CREATE TABLE cursor_daily_usage (
  org_id                 uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  day                    date NOT NULL,
  person                 text COLLATE "C" NOT NULL CHECK (person = lower(person)),
  is_active              boolean NOT NULL,
  tabs_shown             bigint NOT NULL,
  tabs_accepted          bigint NOT NULL,
  applies                bigint NOT NULL,
  accepts                bigint NOT NULL,
  rejects                bigint NOT NULL,
  composer_requests      bigint NOT NULL,
  chat_requests          bigint NOT NULL,
  agent_requests         bigint NOT NULL,
  cmdk_usages            bigint NOT NULL,
  lines_added            bigint NOT NULL,
  lines_deleted          bigint NOT NULL,
  accepted_lines_added   bigint NOT NULL,
  accepted_lines_deleted bigint NOT NULL,
  most_used_model        text,
  client_version         text,
  PRIMARY KEY (org_id, day, person)
);
