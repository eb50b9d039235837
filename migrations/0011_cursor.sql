-- Cursor Admin API sync: each org's connection (its admin key, encrypted), and a cursor per org and endpoint so a
-- restarted sync resumes where it stopped.

CREATE TABLE cursor_connections (
  org_id                 uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  -- AES-256-GCM with ENCRYPTION_KEY: 12-byte nonce, ciphertext, 16-byte tag
  api_key_encrypted      bytea NOT NULL,
  -- the tier of the Cursor seats the sync creates (see src/domain/metrics/price-list.ts)
  tier                   text NOT NULL DEFAULT 'business' CHECK (tier IN ('pro', 'business', 'enterprise', 'api')),
  sync_interval_minutes  int NOT NULL DEFAULT 60 CHECK (sync_interval_minutes BETWEEN 60 AND 10080),
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  last_started_at        timestamptz,
  last_finished_at       timestamptz,
  last_success_at        timestamptz,
  -- 'auth' when Cursor refused the key (the sync stops until a new key is set), 'api' for anything else
  last_error_kind        text CHECK (last_error_kind IN ('auth', 'api')),
  last_error             text CHECK (length(last_error) <= 2000),
  last_error_at          timestamptz,
  PRIMARY KEY (org_id)
);

CREATE TABLE cursor_sync_cursors (
  org_id         uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  endpoint       text NOT NULL CHECK (endpoint IN ('members', 'daily-usage-data', 'filtered-usage-events')),
  -- everything up to this epoch ms (inclusive) is stored
  done_through   bigint,
  -- the window being read, and the next page of it
  window_from    bigint,
  window_to      bigint,
  next_page      int CHECK (next_page >= 1),
  rows_stored    bigint NOT NULL DEFAULT 0,
  requests       bigint NOT NULL DEFAULT 0,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, endpoint),
  CHECK ((window_from IS NULL) = (window_to IS NULL) AND (window_from IS NULL) = (next_page IS NULL))
);
