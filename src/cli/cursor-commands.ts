import { parseArgs } from 'node:util';
import { isEmail } from '../domain/events/identity.ts';
import { CliOutcome, UsageError } from './cli-outcome.ts';
import { adminConnection, CONNECTION_FLAGS, CONNECTION_HELP } from './cursor-connection.ts';
import { devEnvironment, readStoredSettings, saveDevSettings } from './dev-settings.ts';

export const cursorSetupHelp = `uptake cursor setup -k CURSOR_KEY [--api-key ADMIN_KEY] [-e EMAIL] [--subscription-tier pro|business|enterprise|api]
                    [--endpoint URL] [-o ORG] [-p PRODUCT] [--sync-interval MIN]
  Checks the Cursor Admin API key against Cursor (/teams/members, then one call to each endpoint) through the Uptake
  server, which stores it encrypted; the server then syncs the team every --sync-interval minutes (default 60,
  at least 60: Cursor aggregates hourly). The Cursor key is never written to a local file.
  -k, --cursor-api-key K       the Cursor Admin API key (Dashboard → Settings → Advanced → Admin API Keys)
  --subscription-tier T        the tier of the Cursor seats members get (default business)
  -e, --email, -o, --organization, -p, --product   saved in ~/.config/uptake/config.json with the endpoint
${CONNECTION_HELP}
`;

export const cursorStatusHelp = `uptake cursor status [--api-key ADMIN_KEY] [--endpoint URL]
  The org's Cursor connection: last sync, next sync, rows stored and requests made per endpoint, the sync running
  now, and the last error (a refused key stops the syncs until setup is run with a new one).
${CONNECTION_HELP}
`;

export const cursorTestHelp = `uptake cursor test [--api-key ADMIN_KEY] [--endpoint URL]
  One call to each Cursor endpoint with the stored key; writes nothing. Exit code 1 when one fails.
${CONNECTION_HELP}
`;

export const cursorResetHelp = `uptake cursor reset [--api-key ADMIN_KEY] [--endpoint URL]
  Forgets where each endpoint's sync stood: the next sync reads the last 30 days again. Nothing is counted twice
  (every stored Cursor row has a dedup key).
${CONNECTION_HELP}
`;

export async function cursorSetupCommand(args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_FLAGS,
      'cursor-api-key': { type: 'string', short: 'k' },
      email: { type: 'string', short: 'e' },
      'subscription-tier': { type: 'string' },
      organization: { type: 'string', short: 'o' },
      product: { type: 'string', short: 'p' },
      'sync-interval': { type: 'string' },
    },
  });
  if (values.help) return cursorSetupHelp;
  const cursorKey = values['cursor-api-key']?.trim();
  if (!cursorKey) throw new UsageError('Give the Cursor Admin API key with -k/--cursor-api-key.');
  const tier = values['subscription-tier'] ?? 'business';
  if (!['pro', 'business', 'enterprise', 'api'].includes(tier)) throw new UsageError('--subscription-tier is one of pro, business, enterprise, api.');
  const interval = Number(values['sync-interval'] ?? 60);
  if (!Number.isInteger(interval) || interval < 60 || interval > 10_080) throw new UsageError('--sync-interval is whole minutes, 60 to 10080 (Cursor asks not to be polled more than hourly).');
  if (values.email !== undefined && !isEmail(values.email)) throw new UsageError('--email must be an email address.');
  const { settings, client } = adminConnection(values);
  const answer = await client.request<Record<string, unknown>>('PUT', '/api/v1/cursor/connection', { apiKey: cursorKey, tier, syncIntervalMinutes: interval });
  const env = devEnvironment();
  const stored = readStoredSettings(env.configFile);
  saveDevSettings(env.configFile, {
    ...stored,
    endpoint: settings.endpoint,
    ...(values.email ? { email: values.email } : {}),
    ...(values.organization ? { organization: values.organization } : {}),
    ...(values.product ? { product: values.product } : {}),
  });
  return { ...answer, settingsFile: env.configFile, note: 'The Cursor key is stored encrypted by the server, not in the settings file.' };
}

export async function cursorStatusCommand(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: CONNECTION_FLAGS });
  if (values.help) return cursorStatusHelp;
  const status = await adminConnection(values).client.request<{ connected: boolean; lastError: unknown }>('GET', '/api/v1/cursor/status');
  return status.connected && !status.lastError ? status : new CliOutcome(status, 1);
}

export async function cursorTestCommand(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: CONNECTION_FLAGS });
  if (values.help) return cursorTestHelp;
  const answer = await adminConnection(values).client.request<{ checks: Record<string, { ok: boolean }> }>('POST', '/api/v1/cursor/test', {});
  return Object.values(answer.checks).every((c) => c.ok) ? answer : new CliOutcome(answer, 1);
}

export async function cursorResetCommand(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: CONNECTION_FLAGS });
  if (values.help) return cursorResetHelp;
  return adminConnection(values).client.request('POST', '/api/v1/cursor/reset', {});
}
