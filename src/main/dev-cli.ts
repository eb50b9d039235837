import { DEV_COMMANDS } from '../cli/dev-commands.ts';
import { SettingsError } from '../cli/dev-settings.ts';
import { executeCommand } from '../cli/cli-outcome.ts';

/**
 * Entry for `uptake claude|gemini <command>` (bin/uptake.js picks it): it loads only the developer commands,
 * not the admin CLI's database stack, so it starts fast on developer machines.
 */
export async function runDevCli(argv: string[]): Promise<number | null> {
  const command = DEV_COMMANDS[argv.slice(0, 2).join(' ')];
  return command ? executeCommand(command, argv.slice(2), (e) => e instanceof SettingsError) : null;
}
