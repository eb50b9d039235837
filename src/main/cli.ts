import { parseArgs } from 'node:util';
import { createApiKey, SCOPES, type Scope } from '../adapters/postgres/api-key-store.ts';
import { createOrg, orgExists } from '../adapters/postgres/org-store.ts';
import { normalizeEmail } from '../domain/events/identity.ts';
import { isTimeZone } from '../domain/metrics/period.ts';
import { SettingsError } from '../cli/dev-settings.ts';
import { DEV_COMMANDS, DEV_HELP, devToolHelp } from '../cli/dev-commands.ts';
import { loadDatabaseConfig } from '../config.ts';
import { openAdminDatabase } from './admin-database.ts';
import { KEY_COMMANDS, KEY_HELP } from './cli-keys.ts';
import { ORG_SETTINGS_COMMANDS, ORG_SETTINGS_HELP } from './cli-org-settings.ts';
import { ROSTER_COMMANDS, ROSTER_HELP } from './cli-roster.ts';
import { CHAT_COMMANDS, CHAT_HELP } from './cli-chat.ts';
import { ALERT_COMMANDS, ALERT_HELP } from './cli-alerts.ts';
import { DIGEST_COMMANDS, DIGEST_HELP } from './cli-digests.ts';
import { NUDGE_COMMANDS, NUDGE_HELP } from './cli-nudges.ts';
import { PEOPLE_COMMANDS, PEOPLE_HELP } from './cli-people.ts';
import { ROLLOUT_COMMANDS, ROLLOUT_HELP } from './cli-rollout.ts';
import { executeCommand } from '../cli/cli-outcome.ts';
import { UsageError } from './cli-support.ts';

const HELP = `uptake: AI coding-assistant adoption metrics

${DEV_HELP}
Admin commands (they use DATABASE_URL, or the embedded database of \`npm start\` when it is unset):
  uptake admin org create --name <name> [--time-zone Europe/Berlin]
      Creates an org and prints {"orgId","ingestKey","readKey","adminKey"} as JSON.
  uptake admin key create --org <orgId> --scope ingest|read|admin [--scope ...] [--email dev@acme.com] [--name label]
      Creates an API key and prints {"key"}. With --email the key is bound to that person:
      events sent with it are theirs when the client sends no email, and reads show only them.
${KEY_HELP}${ORG_SETTINGS_HELP}${ROSTER_HELP}${PEOPLE_HELP}${ROLLOUT_HELP}${CHAT_HELP}${DIGEST_HELP}${ALERT_HELP}${NUDGE_HELP}
Options:
  -h, --help   show this help
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function orgCreate(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, 'time-zone': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return HELP;
  const name = values.name?.trim();
  if (!name) throw new UsageError('--name is required, e.g. `uptake admin org create --name acme`.');
  const timeZone = values['time-zone'] ?? 'UTC';
  if (!isTimeZone(timeZone)) throw new UsageError(`--time-zone "${timeZone}" is not an IANA time zone such as Europe/Berlin.`);
  const { db, close } = await openAdminDatabase(loadDatabaseConfig());
  try {
    const { orgId } = await createOrg(db, { name, timeZone });
    const [ingest, read, admin] = await Promise.all(
      (['ingest', 'read', 'admin'] as const).map((scope) => createApiKey(db, { orgId, scopes: [scope], name: `${scope} (created with the org)` })),
    );
    return { orgId, ingestKey: ingest!.key, readKey: read!.key, adminKey: admin!.key };
  } finally {
    await close();
  }
}

async function keyCreate(args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: 'string' },
      scope: { type: 'string', multiple: true },
      email: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return HELP;
  if (!values.org || !UUID.test(values.org)) throw new UsageError('--org <orgId> is required (the orgId printed by `uptake admin org create`).');
  const scopes = values.scope ?? [];
  if (scopes.length === 0) throw new UsageError(`--scope is required: one or more of ${SCOPES.join(', ')}.`);
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length > 0) throw new UsageError(`Unknown scope ${bad.join(', ')}: use ${SCOPES.join(', ')}.`);
  const email = values.email === undefined ? null : normalizeEmail(values.email);
  if (values.email !== undefined && !email) throw new UsageError(`--email "${values.email}" is not an email address.`);
  const { db, close } = await openAdminDatabase(loadDatabaseConfig());
  try {
    if (!(await orgExists(db, values.org))) throw new UsageError(`No org ${values.org} in this database.`);
    const { key } = await createApiKey(db, { orgId: values.org, scopes: [...new Set(scopes)] as Scope[], personEmail: email, name: values.name ?? null });
    return { key };
  } finally {
    await close();
  }
}

const COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin org create': orgCreate,
  'admin key create': keyCreate,
  ...KEY_COMMANDS,
  ...ORG_SETTINGS_COMMANDS,
  ...ROSTER_COMMANDS,
  ...CHAT_COMMANDS,
  ...DIGEST_COMMANDS,
  ...ALERT_COMMANDS,
  ...NUDGE_COMMANDS,
  ...PEOPLE_COMMANDS,
};

/** The command and how many words name it: developer commands and `admin rollout|coverage` two, other admin commands three. */
function findCommand(argv: string[]): [(args: string[]) => Promise<unknown>, number] | [undefined, 0] {
  const two = argv.slice(0, 2).join(' ');
  const three = argv.slice(0, 3).join(' ');
  if (DEV_COMMANDS[two]) return [DEV_COMMANDS[two], 2];
  if (COMMANDS[three]) return [COMMANDS[three], 3];
  if (ROLLOUT_COMMANDS[two]) return [ROLLOUT_COMMANDS[two], 2];
  return [undefined, 0];
}


export async function runCli(argv: string[]): Promise<number> {
  const [command, consumed] = findCommand(argv);
  if (!command) {
    const toolHelp = devToolHelp(argv[0] ?? '');
    if (toolHelp && (argv.length === 1 || argv.includes('--help') || argv.includes('-h'))) {
      process.stdout.write(toolHelp);
      return 0;
    }
    const wantsHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help';
    (wantsHelp ? process.stdout : process.stderr).write(wantsHelp ? HELP : `Unknown command "${argv.join(' ')}".\n\n${HELP}`);
    return wantsHelp ? 0 : 2;
  }
  return executeCommand(command, argv.slice(consumed), (e) => e instanceof SettingsError);
}

process.exitCode = await runCli(process.argv.slice(2));
