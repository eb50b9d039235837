import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('defaults PORT to the OTLP/HTTP port and reads numbers', () => {
    expect(loadConfig({}).PORT).toBe(4318);
    expect(loadConfig({ PORT: '8080', BODY_LIMIT_BYTES: '1024' })).toMatchObject({ PORT: 8080, BODY_LIMIT_BYTES: 1024 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ENCRYPTION_KEY: 'short' }, /ENCRYPTION_KEY: must be 32 bytes/],
    [{ CHART_URL_SECRET: 'too short' }, /CHART_URL_SECRET/],
    [{ PUBLIC_URL: 'uptake.example.com' }, /PUBLIC_URL/],
    [{ CHART_URL_TTL_SECONDS: '5' }, /CHART_URL_TTL_SECONDS/],
  ])('names the variable that is wrong: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts a 64-hex-character encryption key and treats empty values as unset', () => {
    expect(loadConfig({ ENCRYPTION_KEY: 'ab'.repeat(32), REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });
});
