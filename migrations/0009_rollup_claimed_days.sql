-- Org-zone days a rollup job has taken from rollup_dirty_days and is rebuilding. A claim is deleted in the same
-- transaction as the rebuild it belongs to, so a crash mid-rollup leaves the day claimed and the next job redoes
-- it; new events for the day meanwhile mark it again in rollup_dirty_days, which the running rebuild leaves alone.
CREATE TABLE rollup_claimed_days (
  org_id      uuid NOT NULL,
  day         date NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, day)
);
