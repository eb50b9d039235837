import { parseArgs } from 'node:util';
import { isEmail } from '../domain/events/identity.ts';
import { TIERS } from '../domain/metrics/price-list.ts';
import { UsageError } from './cli-outcome.ts';
import { API_KEY_SHAPE, devEnvironment, loadDevSettings, maskKey, saveDevSettings, type DevSettings } from './dev-settings.ts';
import { ask } from './prompt.ts';
import { ensureProfileLine, profileFor, sourceLine } from './shell-profile.ts';
import { claudeEnv, envFileText, geminiEnv, managedSettingsBlock, mergeGeminiSettings, writePrivateFile, type TelemetryTarget } from './telemetry-setup.ts';
import { geminiSettingsFile, type ToolSpec } from './tool-specs.ts';

export function setupHelp(spec: ToolSpec): string {
  const tiers = TIERS[spec.tool]!.join(', ');
  return `uptake ${spec.command} setup [--api-key K] [--email E] [--tier T] [--endpoint URL] [--organization O] [--product P] [--skip-shell-update]
  Configures ${spec.label} to send usage telemetry to Uptake. Asks for what is missing when run in a terminal
  (non-interactive when every value is given or stdin is not a terminal). Saves the values in
  ~/.config/uptake/config.json (0600), writes ${spec.command === 'claude' ? '~/.claude/uptake.env' : '~/.gemini/uptake.env and the telemetry block of ~/.gemini/settings.json'} (0600)
  and adds one line loading it to your shell profile (bash, zsh or fish; a backup is kept).
  --api-key      an Uptake ingest key (upt_…); UPTAKE_API_KEY
  --email        your work email; UPTAKE_EMAIL
  --tier         your seat: ${tiers}
  --endpoint     the Uptake server, e.g. https://uptake.example.com:4318; UPTAKE_ENDPOINT
  --organization, --product   optional labels sent with every event
  --skip-shell-update         do not touch the shell profile
`;
}

async function valueOf(flag: string | undefined, current: string | undefined, question: string, interactive: boolean): Promise<string | undefined> {
  if (flag !== undefined) return flag.trim();
  if (interactive) return (await ask(question, current)) ?? undefined;
  return current;
}

export async function setupCommand(spec: ToolSpec, args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: {
      'api-key': { type: 'string' },
      email: { type: 'string' },
      tier: { type: 'string' },
      endpoint: { type: 'string' },
      organization: { type: 'string' },
      product: { type: 'string' },
      'skip-shell-update': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return setupHelp(spec);
  const env = devEnvironment();
  const current = loadDevSettings(env);
  const interactive = Boolean(process.stdin.isTTY);
  const tiers = TIERS[spec.tool]!;
  const endpoint = await valueOf(values.endpoint, current.endpoint, 'Uptake endpoint (e.g. https://uptake.example.com:4318)', interactive);
  const apiKey = await valueOf(values['api-key'], current.apiKey, 'Uptake ingest key (upt_…)', interactive);
  const email = await valueOf(values.email, current.email, 'Your work email', interactive);
  const tier = await valueOf(values.tier, current.tiers?.[spec.tool], `Your ${spec.label} seat (${tiers.join(', ')})`, interactive);
  const organization = values.organization ?? current.organization;
  const product = values.product ?? current.product;

  if (!endpoint || !/^https?:\/\/[^\s/]+/.test(endpoint)) throw new UsageError(`--endpoint is required: the Uptake server URL, e.g. https://uptake.example.com:4318${endpoint ? ` (got "${endpoint}")` : ''}.`);
  if (!apiKey || !API_KEY_SHAPE.test(apiKey)) throw new UsageError(`--api-key is required and must be an Uptake key (upt_<12>_<32>, from \`uptake admin key create\`)${apiKey ? `; got ${maskKey(apiKey)}` : ''}.`);
  if (!email || !isEmail(email)) throw new UsageError(`--email is required and must be an email address${email ? ` (got "${email}")` : ''}.`);
  if (!tier || !tiers.includes(tier)) throw new UsageError(`--tier must be one of ${tiers.join(', ')}${tier ? ` (got "${tier}")` : ''}.`);

  const settings: DevSettings = { ...current, endpoint, apiKey, email: email.toLowerCase(), tiers: { ...current.tiers, [spec.tool]: tier } };
  if (organization) settings.organization = organization;
  if (product) settings.product = product;
  saveDevSettings(env.configFile, settings);

  const target: TelemetryTarget = { endpoint, apiKey, email: email.toLowerCase(), tier, organization, product };
  const envVars = spec.tool === 'claude-code' ? claudeEnv(target) : geminiEnv(target);
  const envFile = spec.envFile(env);
  writePrivateFile(envFile, envFileText(envVars));
  const lines = [`Saved ${env.configFile} and ${envFile} (mode 0600).`];
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
    lines.push('', 'For an org-wide rollout, put this env block in Claude Code\'s managed settings (managed-settings.json) instead;', 'use a shared ingest key there and let user.email come from each developer:', managedSettingsBlock(envVars));
  }
  lines.push('', `Next: \`uptake ${spec.command} test\` checks the connection; \`uptake ${spec.command} backfill\` sends your history.`);
  return `${lines.join('\n')}\n`;
}
