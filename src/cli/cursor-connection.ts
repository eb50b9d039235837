import { UsageError } from './cli-outcome.ts';
import { devEnvironment, loadDevSettings, type DevSettings } from './dev-settings.ts';
import { UptakeClient } from './uptake-client.ts';

/** The Uptake server and the admin key an `uptake cursor` command talks to them with (the key is never saved). */
export function adminConnection(flags: { 'api-key'?: string; endpoint?: string }): { settings: DevSettings; client: UptakeClient } {
  const settings = loadDevSettings(devEnvironment());
  const endpoint = flags.endpoint ?? settings.endpoint;
  const apiKey = flags['api-key'] ?? settings.apiKey;
  if (!endpoint) throw new UsageError('No Uptake endpoint: give --endpoint URL (or set UPTAKE_ENDPOINT).');
  if (!apiKey) throw new UsageError('No admin key: give --api-key with an Uptake admin key (or set UPTAKE_API_KEY).');
  return { settings: { ...settings, endpoint }, client: new UptakeClient({ endpoint, apiKey, retries: 2, baseDelayMs: 300 }) };
}

/** The shared flags of every `uptake cursor` command. */
export const CONNECTION_FLAGS = {
  'api-key': { type: 'string' },
  endpoint: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const CONNECTION_HELP = `  --api-key ADMIN_KEY   an Uptake admin key (upt_…); UPTAKE_API_KEY. Never saved by these commands.
  --endpoint URL        the Uptake server; UPTAKE_ENDPOINT or the saved settings`;
