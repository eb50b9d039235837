-- Digest schedules (per chat conversation), and the log of deliveries to people: one row per delivery key, so a
-- delivery is made once whoever runs it and whenever a worker dies.

CREATE TABLE digest_schedules (
  org_id           uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  schedule_id      uuid NOT NULL,
  platform         text NOT NULL CHECK (platform IN ('slack', 'teams')),
  conversation_id  text NOT NULL CHECK (length(conversation_id) BETWEEN 1 AND 500),
  cadence          text NOT NULL CHECK (cadence IN ('daily', 'weekly', 'monthly')),
  at_time          text NOT NULL CHECK (at_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  weekday          smallint CHECK (weekday BETWEEN 1 AND 7),
  month_day        smallint CHECK (month_day BETWEEN 1 AND 28),
  time_zone        text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  views            text[] NOT NULL CHECK (cardinality(views) BETWEEN 1 AND 4),
  -- the filter words as typed (team:web tool:cursor); parsed again at every run
  filters          text NOT NULL DEFAULT '' CHECK (length(filters) <= 500),
  -- an admin allowed per-person numbers in this conversation
  show_people      boolean NOT NULL DEFAULT false,
  created_by       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  next_run_at      timestamptz NOT NULL,
  -- set when the conversation is gone or removed the bot: the schedule stops, the admin list says why
  disabled_reason  text,
  PRIMARY KEY (org_id, schedule_id),
  CHECK ((cadence = 'weekly') = (weekday IS NOT NULL)),
  CHECK ((cadence = 'monthly') = (month_day IS NOT NULL))
);

CREATE INDEX digest_schedules_due ON digest_schedules (next_run_at) WHERE disabled_reason IS NULL;

CREATE TABLE chat_deliveries (
  org_id           uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  delivery_key     text NOT NULL CHECK (length(delivery_key) BETWEEN 1 AND 300),
  schedule_id      uuid,
  period_from      date,
  period_to        date,
  platform         text NOT NULL CHECK (platform IN ('slack', 'teams')),
  conversation_id  text NOT NULL,
  -- due: to send; sending: claimed by a worker (until claimed_at + the claim's lease); sent; failed (never retried)
  state            text NOT NULL CHECK (state IN ('due', 'sending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- the message reserved for this delivery (a placeholder, then filled in): set before the content is sent
  message_id       text,
  due_at           timestamptz NOT NULL,
  claimed_at       timestamptz,
  sent_at          timestamptz,
  last_error       text,
  PRIMARY KEY (org_id, delivery_key)
);

CREATE INDEX chat_deliveries_open ON chat_deliveries (due_at) WHERE state IN ('due', 'sending');
