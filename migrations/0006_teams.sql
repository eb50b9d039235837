-- Microsoft Teams: which tenant belongs to which org, and the conversations the bot can post in (conversation
-- references for replies and proactive messages: digests, alerts, nudges).

CREATE TABLE teams_tenants (
  org_id     uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  tenant_id  text NOT NULL UNIQUE CHECK (length(tenant_id) BETWEEN 1 AND 100),
  linked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, tenant_id)
);

CREATE TABLE teams_conversations (
  org_id             uuid NOT NULL REFERENCES orgs (org_id) ON DELETE CASCADE,
  conversation_id    text NOT NULL CHECK (length(conversation_id) BETWEEN 1 AND 500),
  tenant_id          text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 100),
  conversation_type  text NOT NULL CHECK (conversation_type IN ('personal', 'groupChat', 'channel')),
  service_url        text NOT NULL CHECK (length(service_url) BETWEEN 1 AND 500),
  channel_id         text NOT NULL DEFAULT 'msteams',
  bot_id             text NOT NULL CHECK (length(bot_id) BETWEEN 1 AND 200),
  -- personal chats: the person's Teams user id and Entra (AAD) object id
  user_id            text,
  aad_object_id      text,
  -- channels: the team the channel belongs to (an uninstall from the team removes all its channels)
  team_id            text,
  name               text CHECK (length(name) <= 300),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, conversation_id)
);

CREATE INDEX teams_conversations_person ON teams_conversations (org_id, aad_object_id) WHERE conversation_type = 'personal';
