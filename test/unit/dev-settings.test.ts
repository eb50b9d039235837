import { describe, expect, it } from 'vitest';
import { checkDevSettings } from '../../src/cli/dev-settings.ts';

const key = `upt_${'a'.repeat(12)}_${'B'.repeat(32)}`;

describe('checkDevSettings', () => {
  it('accepts the settings setup writes', () => {
    const settings = { endpoint: 'https://uptake.example.com:4318', apiKey: key, email: 'dev@acme.com', organization: 'acme', product: 'web', tiers: { 'claude-code': 'max_5x' } };
    expect(checkDevSettings(settings)).toEqual({ settings });
    expect(checkDevSettings({})).toEqual({ settings: {} });
  });

  it('names every bad or unknown field', () => {
    const checked = checkDevSettings({ endpoint: 'ftp://x', apiKey: 'sk-1', email: 'nobody', organization: '', tiers: { a: 1 }, colour: 'red' });
    expect('issues' in checked && checked.issues).toEqual([
      'endpoint: must be an http(s) URL',
      'apiKey: must look like upt_<12 letters or digits>_<32 letters or digits>',
      'email: must be an email address',
      'organization: must be 1 to 200 characters',
      'tiers: must map tools to tier names',
      'colour: unknown setting',
    ]);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, [], 'x', 3]) expect(checkDevSettings(value)).toEqual({ issues: ['settings: must be a JSON object'] });
  });
});
