import { executeCommand } from './cli-outcome.ts';
import { DEV_COMMANDS, DEV_HELP, devToolHelp } from './dev-commands.ts';
import { SettingsError } from './dev-settings.ts';

const HELP = `uptake: connect Claude Code, Gemini CLI and Cursor to your Uptake server

${DEV_HELP}
Admin commands (uptake admin ...) run on the Uptake server, not from this package.

Options:
  -h, --help   show this help
`;

/**
 * The developer CLI on its own (the package built by `npm run build:cli`): `uptake claude|gemini|cursor ...`,
 * with nothing from the server (no database, queue or chart code). Returns the exit code.
 */
export async function runStandaloneCli(argv: string[]): Promise<number> {
  const command = DEV_COMMANDS[argv.slice(0, 2).join(' ')];
  if (command) return executeCommand(command, argv.slice(2), (e) => e instanceof SettingsError);
  const wantsHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help';
  const toolHelp = devToolHelp(argv[0] ?? '');
  if (toolHelp && (argv.length === 1 || wantsHelp)) {
    process.stdout.write(toolHelp);
    return 0;
  }
  if (wantsHelp) {
    process.stdout.write(HELP);
    return 0;
  }
  const hint = argv[0] === 'admin' ? 'Admin commands run where the Uptake server is installed (`npx uptake admin ...` there).\n\n' : '';
  process.stderr.write(`Unknown command "${argv.join(' ')}".\n${hint}\n${HELP}`);
  return 2;
}
