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
  -- where the person was found (cached lookup), and their time zone there when the platform knows it
  chat_platform       text CHECK (chat_platform IN ('slack', 'teams')),
  chat_user_id        text,
  time_zone           text,
  PRIMARY KEY (org_id, email)
);

CREATE TABLE nudges (
  org_id        uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  nudge_id      uuid NOT NULL,
  email         text NOT NULL,
  tool          text NOT NULL,
  tier          text NOT NULL,
  seat_from     date NOT NULL,
  last_used     date,
  monthly_cost  double precision NOT NULL,
  -- the day (org zone) it was queued
  sent_on       date NOT NULL,
  delivery_key  text NOT NULL,
  -- help | release | snooze | stop, once the person answered
  answer        text CHECK (answer IN ('help', 'release', 'snooze', 'stop')),
  answered_at   timestamptz,
  PRIMARY KEY (org_id, nudge_id)
);

-- one nudge per person per day, whichever worker decides it
CREATE UNIQUE INDEX nudges_person_day ON nudges (org_id, email, sent_on);

-- a delivery to a person's direct messages: conversation_id is then the platform's user id
ALTER TABLE chat_deliveries ADD COLUMN direct boolean NOT NULL DEFAULT false;
