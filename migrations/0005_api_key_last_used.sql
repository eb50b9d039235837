-- When a key last authenticated (updated at most once a minute), for `uptake admin key list` and GET /api/v1/keys.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
