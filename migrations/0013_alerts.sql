-- Alert rules (per chat conversation): each a small state machine (ok -> firing -> ok) whose transitions become
-- deliveries in chat_deliveries, with the message as it was when the state changed.

CREATE TABLE alert_rules (
  org_id           uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  rule_id          uuid NOT NULL,
  platform         text NOT NULL CHECK (platform IN ('slack', 'teams')),
  conversation_id  text NOT NULL CHECK (length(conversation_id) BETWEEN 1 AND 500),
  kind             text NOT NULL CHECK (kind IN ('adoption-below', 'active-drop', 'idle-seats', 'unactivated-seats')),
  threshold        double precision NOT NULL CHECK (threshold >= 0 AND threshold <= 1000000),
  days             smallint CHECK (days BETWEEN 1 AND 365),
  filters          text NOT NULL DEFAULT '' CHECK (length(filters) <= 500),
  state            text NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'firing')),
  transitions      integer NOT NULL DEFAULT 0,
  last_value       double precision,
  last_detail      text,
  evaluated_at     timestamptz,
  created_by       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  disabled_reason  text,
  PRIMARY KEY (org_id, rule_id)
);

ALTER TABLE chat_deliveries
  ADD COLUMN alert_id uuid,
  -- an alert's message (a Reply) as it was when the rule changed state; digests are composed when delivered
  ADD COLUMN message jsonb;
