import { parseArgs } from 'node:util';
import { isEmail } from '../domain/events/identity.ts';
import { TIERS } from '../domain/metrics/price-list.ts';
import { UsageError } from './cli-outcome.ts';
import { statusPath, type IngestStatus } from './connection.ts';
import { API_KEY_SHAPE, devEnvironment, loadDevSettings, maskKey, saveDevSettings, type DevSettings } from './dev-settings.ts';
import { ask } from './prompt.ts';
import { claudeManagedSettings } from './rollout-settings.ts';
import { ensureProfileLine, profileFor, sourceLine } from './shell-profile.ts';
import { claudeEnv, envFileText, geminiEnv, mergeGeminiSettings, writePrivateFile, type TelemetryTarget } from './telemetry-setup.ts';
import { geminiSettingsFile, type ToolSpec } from './tool-specs.ts';
import { UptakeClient, UptakeHttpError } from './uptake-client.ts';

/** Claude Code's tier is asked for unless the roster knows the seat; Gemini's is optional. */
const tierRequired = (spec: ToolSpec) => spec.tool === 'claude-code';

export function setupHelp(spec: ToolSpec): string {
  const tiers = TIERS[spec.tool]!.join(', ');
  return `uptake ${spec.command} setup [-k KEY] [-e EMAIL] [-t TIER] [--endpoint URL] [-o ORG] [-p PRODUCT] [--skip-shell-update] [--skip-check]
  Configures ${spec.label} to send usage telemetry to Uptake. First checks the key with the server (nothing is
  written when the server refuses it or cannot be reached). Asks for what is missing when run in a terminal
  (non-interactive when every value is given or stdin is not a terminal). Saves the values in
  ~/.config/uptake/config.json (0600), writes ${spec.command === 'claude' ? '~/.claude/uptake.env' : '~/.gemini/uptake.env and the telemetry block of ~/.gemini/settings.json'} (0600)
  and adds one line loading it to your shell profile (bash, zsh or fish; a backup is kept).
  -k, --api-key       an Uptake ingest key (upt_…); UPTAKE_API_KEY
  -e, --email         your work email; UPTAKE_EMAIL
  -t, --tier          your seat: ${tiers} (${tierRequired(spec) ? 'optional when the roster on the server knows your seat and your key is personal' : 'optional'})
  --endpoint          the Uptake server, e.g. https://uptake.example.com; UPTAKE_ENDPOINT
  -o, --organization, -p, --product   optional labels sent with every event
  --skip-shell-update do not touch the shell profile
  --skip-check        save without asking the server (when it is not reachable yet)
`;
}

async function valueOf(flag: string | undefined, current: string | undefined, question: string, interactive: boolean): Promise<string | undefined> {
  if (flag !== undefined) return flag.trim();
  if (interactive) return (await ask(question, current)) ?? undefined;
  return current;
}

/** Asks the server about the key before anything is written; the answer also carries the roster's seat. */
async function checkKey(endpoint: string, apiKey: string, spec: ToolSpec, email: string): Promise<IngestStatus> {
  const client = new UptakeClient({ endpoint, apiKey, retries: 1, baseDelayMs: 300, timeoutMs: 10_000 });
  try {
    return await client.request<IngestStatus>('GET', statusPath(spec.tool, email));
  } catch (error) {
    const e = error as UptakeHttpError;
    const nothing = 'Nothing was written.';
    if (e.status === 0) {
      throw new Error(`Could not reach the Uptake server at ${endpoint} (${e.message.replace(/^cannot reach \S+: /, '')}). ${nothing} Check --endpoint and that the server runs, or add --skip-check to save the settings without checking.`);
    }
    if (e.status === 401) throw new Error(`The Uptake server at ${endpoint} refused the key ${maskKey(apiKey)} (${e.message}). ${nothing} Ask your Uptake admin for an ingest key.`);
    throw new Error(`The Uptake server at ${endpoint} did not accept the key check (${e.message}). ${nothing}`);
  }
}

export async function setupCommand(spec: ToolSpec, args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: {
      'api-key': { type: 'string', short: 'k' },
      email: { type: 'string', short: 'e' },
      tier: { type: 'string', short: 't' },
      endpoint: { type: 'string' },
      organization: { type: 'string', short: 'o' },
      product: { type: 'string', short: 'p' },
      'skip-shell-update': { type: 'boolean' },
      'skip-check': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return setupHelp(spec);
  const env = devEnvironment();
  const current = loadDevSettings(env);
  const interactive = Boolean(process.stdin.isTTY);
  const tiers = TIERS[spec.tool]!;
  const endpoint = await valueOf(values.endpoint, current.endpoint, 'Uptake endpoint (e.g. https://uptake.example.com)', interactive);
  if (!endpoint || !/^https?:\/\/[^\s/]+/.test(endpoint)) throw new UsageError(`--endpoint is required: the Uptake server URL, e.g. https://uptake.example.com${endpoint ? ` (got "${endpoint}")` : ''}.`);
  const apiKey = await valueOf(values['api-key'], current.apiKey, 'Uptake ingest key (upt_…)', interactive);
  if (!apiKey || !API_KEY_SHAPE.test(apiKey)) throw new UsageError(`--api-key is required and must be an Uptake key (upt_<12>_<32>, from \`uptake admin key create\`)${apiKey ? `; got ${maskKey(apiKey)}` : ''}.`);
  const emailIn = await valueOf(values.email, current.email, 'Your work email', interactive);
  if (!emailIn || !isEmail(emailIn)) throw new UsageError(`--email is required and must be an email address${emailIn ? ` (got "${emailIn}")` : ''}.`);
  const email = emailIn.toLowerCase();
  const tierFlag = values.tier?.trim();
  if (tierFlag !== undefined && !tiers.includes(tierFlag)) throw new UsageError(`--tier must be one of ${tiers.join(', ')} (got "${tierFlag}").`);

  const status = values['skip-check'] ? null : await checkKey(endpoint, apiKey, spec, email);
  const rosterTier = status?.seat?.tier ?? undefined;
  let tier = tierFlag ?? rosterTier ?? current.tiers?.[spec.tool];
  if (!tier && tierRequired(spec)) tier = (await ask(`Your ${spec.label} seat (${tiers.join(', ')})`)) ?? undefined;
  if (tier && !tiers.includes(tier)) throw new UsageError(`--tier must be one of ${tiers.join(', ')} (got "${tier}").`);
  if (!tier && tierRequired(spec)) {
    throw new UsageError(`--tier is required: your ${spec.label} seat, one of ${tiers.join(', ')} (the server's roster has no seat for ${email}${status?.visibility === 'org' ? ' that a shared key may see' : ''}).`);
  }
  const organization = values.organization ?? current.organization;
  const product = values.product ?? current.product;

  const settings: DevSettings = { ...current, endpoint, apiKey, email };
  if (tier) settings.tiers = { ...current.tiers, [spec.tool]: tier };
  if (organization) settings.organization = organization;
  if (product) settings.product = product;
  saveDevSettings(env.configFile, settings);

  const target: TelemetryTarget = { endpoint, apiKey, email, tier, organization, product };
  const envVars = spec.tool === 'claude-code' ? claudeEnv(target) : geminiEnv(target);
  const envFile = spec.envFile(env);
  writePrivateFile(envFile, envFileText(envVars));
  const lines = [
    status ? `The server accepted the key (org ${status.key.orgId}${status.key.email ? `, personal key of ${status.key.email}` : ', shared by the org'}).` : 'Key not checked (--skip-check).',
    ...(tier && !tierFlag && tier === rosterTier ? [`Seat from the roster: ${tier}.`] : []),
    `Saved ${env.configFile} and ${envFile} (mode 0600).`,
  ];
  if (spec.tool === 'gemini-cli') {
    const file = geminiSettingsFile(env);
    mergeGeminiSettings(file, endpoint);
    lines.push(`Set the telemetry block of ${file} (other settings kept; previous copy in ${file}.uptake-backup).`);
  }
  if (values['skip-shell-update']) {
    lines.push(`Shell profile not changed; load ${envFile} in your shell yourself.`);
  } else {
    const { file, kind } = profileFor(env.home, env.shell);
    const update = ensureProfileLine(file, sourceLine(envFile, kind));
    lines.push(update.added ? `Added a line loading it to ${file}${update.backup ? ` (backup: ${update.backup})` : ''}. Open a new shell to use it.` : `${file} already loads it.`);
  }
  if (spec.tool === 'claude-code') {
    lines.push(
      '',
      'For an org-wide rollout, an admin puts managed settings on every machine instead (`uptake admin rollout --org <orgId>`',
      'on the Uptake server prints them with a shared key). They name no person: Claude Code reports the account email itself.',
      JSON.stringify(claudeManagedSettings(endpoint, '<shared ingest key>'), null, 2),
    );
  }
  lines.push('', `Next: \`uptake ${spec.command} test\` checks the connection; \`uptake ${spec.command} backfill\` sends your history.`);
  return `${lines.join('\n')}\n`;
}
