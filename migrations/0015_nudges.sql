-- Seat nudges: the org's setting (off by default), what each person said or could not be reached for, and every
-- nudge sent (per seat, to cap them and to measure what they achieved).

CREATE TABLE nudge_settings (
  org_id      uuid PRIMARY KEY REFERENCES orgs (org_id) ON DELETE CASCADE,
  enabled     boolean NOT NULL DEFAULT false,
  idle_days   smallint NOT NULL DEFAULT 14 CHECK (idle_days BETWEEN 1 AND 365),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE nudge_people (
  org_id              uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  email               text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
  -- "Stop these messages": until an admin resets it
  opted_out_at        timestamptz,
  -- "Remind me in two weeks": no nudge before this day (org zone)
  snoozed_until       date,
  -- the chat platform could not find the person: listed for the admins, not retried
  unreachable_reason  text,
  PRIMARY KEY (org_id, email)
);

CREATE TABLE nudges (
  org_id        uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  nudge_id      uuid NOT NULL,
  email         text NOT NULL,
  tool          text NOT NULL,
  seat_from     date NOT NULL,
  -- the day (org zone) it was queued
  sent_on       date NOT NULL,
  delivery_key  text NOT NULL,
  -- help | release | snooze | stop, once the person answered
  answer        text CHECK (answer IN ('help', 'release', 'snooze', 'stop')),
  answered_at   timestamptz,
  PRIMARY KEY (org_id, nudge_id)
);

CREATE INDEX nudges_person ON nudges (org_id, email, sent_on);
