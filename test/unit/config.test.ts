import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDatabaseConfig, slackSettings, teamsSettings } from '../../src/config.ts';

describe('loadConfig', () => {
  it('defaults CURSOR_API_URL to Cursor and takes a loopback double instead', () => {
    expect(loadConfig({}).CURSOR_API_URL).toBe('https://api.cursor.com');
    expect(loadConfig({ CURSOR_API_URL: 'http://127.0.0.1:9999' }).CURSOR_API_URL).toBe('http://127.0.0.1:9999');
    expect(() => loadConfig({ CURSOR_API_URL: 'not a url' })).toThrow(/CURSOR_API_URL/);
  });

  it('defaults PORT to the OTLP/HTTP port and reads numbers', () => {
    expect(loadConfig({}).PORT).toBe(4318);
    expect(loadConfig({ PORT: '8080', BODY_LIMIT_BYTES: '1024' })).toMatchObject({ PORT: 8080, BODY_LIMIT_BYTES: 1024 });
    expect(loadConfig({}).REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000' }).REQUEST_TIMEOUT_MS).toBe(5000);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ENCRYPTION_KEY: 'short' }, /ENCRYPTION_KEY: must be 32 bytes/],
    [{ CHART_URL_SECRET: 'too short' }, /CHART_URL_SECRET/],
    [{ PUBLIC_URL: 'uptake.example.com' }, /PUBLIC_URL/],
    [{ CHART_URL_TTL_SECONDS: '5' }, /CHART_URL_TTL_SECONDS/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_ORG_ID: '00000000-0000-4000-8000-000000000001' }, /SLACK_BOT_TOKEN: must be a bot token/],
    [{ ENCRYPTION_KEY: '0'.repeat(64) }, /ENCRYPTION_KEY: is the all-zero placeholder/],
    [{ SLACK_APP_TOKEN: 'xoxb-1' }, /SLACK_APP_TOKEN/],
    [{ SLACK_API_URL: 'localhost' }, /SLACK_API_URL/],
    [{ REQUEST_TIMEOUT_MS: '10' }, /REQUEST_TIMEOUT_MS/],
  ])('names the variable that is wrong: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET: is needed with SLACK_BOT_TOKEN/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_ORG_ID: '00000000-0000-4000-8000-000000000001' }, /SLACK_SIGNING_SECRET: is needed with SLACK_BOT_TOKEN/],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_ORG_ID: is needed/],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_ORG_ID: '00000000-0000-4000-8000-000000000001' }, /SLACK_BOT_TOKEN: is needed/],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: '1.2' }, /SLACK_CLIENT_SECRET/],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's' }, /ENCRYPTION_KEY: is needed/],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_SIGNING_SECRET: is needed with SLACK_APP_TOKEN/],
  ])('a half-configured Slack fails at server start naming the missing variable: %o', (env, message) => {
    const config = loadConfig(env);
    expect(() => slackSettings(config)).toThrow(ConfigError);
    expect(() => slackSettings(config)).toThrow(message);
  });

  it.each([
    [{ TEAMS_ORG_ID: '00000000-0000-4000-8000-000000000001' }, /TEAMS_APP_ID: is needed with TEAMS_ORG_ID/],
    [{ TEAMS_APP_ID: 'a' }, /TEAMS_APP_PASSWORD: is needed/],
    [{ TEAMS_APP_PASSWORD: 'p' }, /TEAMS_APP_ID: is needed with TEAMS_APP_PASSWORD/],
  ])('a half-configured Teams fails at server start naming the missing variable: %o', (env, message) => {
    expect(() => teamsSettings(loadConfig(env))).toThrow(message);
  });

  it('migrations and admin commands read only the database settings, whatever the chat variables say', () => {
    const env = { DATABASE_URL: 'postgres://u@h/db', SLACK_BOT_TOKEN: 'not-a-token', SLACK_ORG_ID: 'nope', ENCRYPTION_KEY: '0'.repeat(64), PORT: 'x' };
    expect(loadDatabaseConfig(env)).toEqual({ DATABASE_URL: 'postgres://u@h/db', UPTAKE_DATA_DIR: '.uptake', EMBEDDED_POSTGRES_PORT: 54329, LOG_LEVEL: 'info' });
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'nope' })).toThrow(/DATABASE_URL/);
  });

  it('accepts a 64-hex-character encryption key and treats empty values as unset', () => {
    expect(loadConfig({ ENCRYPTION_KEY: 'ab'.repeat(32), REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it('mounts Slack only with a signing secret, and reads single-workspace mode', () => {
    expect(slackSettings(loadConfig({}))).toBeNull();
    const org = '00000000-0000-4000-8000-000000000001';
    expect(slackSettings(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_ORG_ID: org, SLACK_API_URL: 'http://127.0.0.1:9/api' }))).toEqual({
      signingSecret: 's',
      apiUrl: 'http://127.0.0.1:9/api/',
      single: { botToken: 'xoxb-1', orgId: org },
      appToken: null,
      oauth: null,
    });
    expect(slackSettings(loadConfig({ SLACK_SIGNING_SECRET: 's' }))?.apiUrl).toBe('https://slack.com/api/');
  });
});
