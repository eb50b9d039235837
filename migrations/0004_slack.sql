-- Slack: workspaces connected to an org (multi-workspace OAuth installs), and who may see per-person numbers in chat.

CREATE TABLE slack_installations (
  org_id               uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  team_id              text NOT NULL UNIQUE,
  team_name            text,
  bot_user_id          text,
  bot_id               text,
  -- AES-256-GCM with ENCRYPTION_KEY: 12-byte nonce, ciphertext, 16-byte tag
  bot_token_encrypted  bytea NOT NULL,
  installed_by         text,
  installed_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, team_id)
);

-- Chat users (or user groups, whose members all count) allowed to see per-person numbers; everyone else gets org
-- views and their own numbers.
CREATE TABLE chat_viewers (
  org_id        uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  platform      text NOT NULL CHECK (platform IN ('slack', 'teams')),
  subject_kind  text NOT NULL CHECK (subject_kind IN ('user', 'usergroup')),
  subject_id    text NOT NULL CHECK (length(subject_id) BETWEEN 1 AND 100),
  added_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, platform, subject_kind, subject_id)
);
