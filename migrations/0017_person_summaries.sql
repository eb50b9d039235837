-- Two narrower copies of rollup_person_daily for reports, rebuilt with the daily rows of their days.
--
-- rollup_person_weekly: summed per ISO week (Monday to Sunday, org-zone days; `week` is the Monday). A report over a
-- range of days reads the whole weeks inside it from here and only the days around them from rollup_person_daily:
-- a 30-day period is about half as many rows.
CREATE TABLE rollup_person_weekly (LIKE rollup_person_daily INCLUDING ALL);
ALTER TABLE rollup_person_weekly RENAME COLUMN day TO week;

-- rollup_person_day_totals: per person and day, every tool together, only what the daily and weekly series of the
-- adoption, value and leaderboard views need (activity = prompts + model requests; tokens = input + output).
CREATE TABLE rollup_person_day_totals (
  org_id    uuid NOT NULL,
  day       date NOT NULL,
  person    text COLLATE "C" NOT NULL,
  sessions  bigint NOT NULL,
  activity  bigint NOT NULL,
  tokens    bigint NOT NULL,
  PRIMARY KEY (org_id, day, person)
);

-- Fill both from the daily rows stored already.
INSERT INTO rollup_person_weekly
SELECT org_id, date_trunc('week', day)::date, person, tool, sum(sessions), sum(prompts), sum(requests), sum(input_tokens),
  sum(output_tokens), sum(cache_read_tokens), sum(cache_creation_tokens), sum(cost_usd), sum(active_seconds), sum(lines_added),
  sum(lines_removed), sum(commits), sum(pull_requests), sum(wf_code_generation), sum(wf_debugging), sum(wf_code_review),
  sum(wf_documentation), sum(wf_other), sum(api_value_usd), sum(unpriced_tokens), sum(session_tokens), sum(depth_0),
  sum(depth_1), sum(depth_2), sum(depth_3), sum(depth_4)
FROM rollup_person_daily
GROUP BY 1, 2, 3, 4;

INSERT INTO rollup_person_day_totals (org_id, day, person, sessions, activity, tokens)
SELECT org_id, day, person, sum(sessions), sum(prompts + requests), sum(input_tokens + output_tokens)
FROM rollup_person_daily
WHERE person <> ''
GROUP BY 1, 2, 3;
