-- GET /api/v1/summary reads whole org-zone days from here and only the rest (partial days at the edges of the
-- range, days marked in rollup_dirty_days) from events (issue 12, D11). One row per day, tool, person email,
-- session and identity, so the distinct sessions and people of any set of days can still be counted exactly.
-- "C" collation: counting distinct values sorts them, several times faster byte-wise (equality is the same).
-- Rebuilt with the other rollups (src/adapters/postgres/summary-rollup.ts).
CREATE TABLE rollup_summary_daily (
  org_id                 uuid NOT NULL,
  day                    date NOT NULL,          -- in the org's time zone
  tool                   text COLLATE "C" NOT NULL,
  person_email           text COLLATE "C",       -- events.person_email (the summary's person filter)
  session_id             text COLLATE "C",
  who                    text COLLATE "C",       -- coalesce(person_email, identity): the summary's people
  events                 bigint NOT NULL,
  prompts                bigint NOT NULL,
  requests               bigint NOT NULL,
  input_tokens           bigint NOT NULL,
  output_tokens          bigint NOT NULL,
  cache_read_tokens      bigint NOT NULL,
  cache_creation_tokens  bigint NOT NULL,
  cost_usd               numeric(30, 10) NOT NULL,
  lines_added            bigint NOT NULL,
  lines_removed          bigint NOT NULL
);
CREATE INDEX rollup_summary_daily_day ON rollup_summary_daily (org_id, day);

-- The rows of the events already stored (later ones come with each rollup).
INSERT INTO rollup_summary_daily
SELECT e.org_id, (e.occurred_at AT TIME ZONE o.time_zone)::date, e.tool, e.person_email, e.session_id,
  coalesce(e.person_email, e.identity), count(*), count(*) FILTER (WHERE e.kind = 'user_prompt'),
  count(*) FILTER (WHERE e.kind = 'api_request'), sum(e.input_tokens), sum(e.output_tokens), sum(e.cache_read_tokens),
  sum(e.cache_creation_tokens), coalesce(sum(e.cost_usd), 0), sum(e.lines_added), sum(e.lines_removed)
FROM events e JOIN orgs o ON o.org_id = e.org_id
WHERE e.kind <> 'connection_test'
GROUP BY 1, 2, 3, 4, 5, 6;
