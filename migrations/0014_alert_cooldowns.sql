-- Alert rules get a cooldown (the least time between two state changes, so a flapping condition posts nothing) and
-- the declining-users kind.

ALTER TABLE alert_rules
  ADD COLUMN cooldown_minutes integer NOT NULL DEFAULT 1440 CHECK (cooldown_minutes BETWEEN 0 AND 43200),
  -- when the rule last changed state (fired or resolved)
  ADD COLUMN changed_at timestamptz;

ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_kind_check;
ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_kind_check
  CHECK (kind IN ('adoption-below', 'active-drop', 'idle-seats', 'unactivated-seats', 'declining-users'));
