import { backfillCommand, backfillHelp } from './backfill-command.ts';
import { cursorResetCommand, cursorResetHelp, cursorSetupCommand, cursorSetupHelp, cursorStatusCommand, cursorStatusHelp, cursorTestCommand, cursorTestHelp } from './cursor-commands.ts';
import { cursorBackfillCommand, cursorBackfillHelp, cursorSyncCommand, cursorSyncHelp } from './cursor-sync-command.ts';
import { setupCommand, setupHelp } from './setup-command.ts';
import { statusCommand, statusHelp, testCommand, testHelp } from './status-command.ts';
import { CLAUDE, GEMINI, type ToolSpec } from './tool-specs.ts';

function commandsFor(spec: ToolSpec): Record<string, (args: string[]) => Promise<unknown>> {
  return {
    [`${spec.command} setup`]: (args) => setupCommand(spec, args),
    [`${spec.command} status`]: (args) => statusCommand(spec, args),
    [`${spec.command} test`]: (args) => testCommand(spec, args),
    [`${spec.command} backfill`]: (args) => backfillCommand(spec, args),
  };
}

/** `uptake claude|gemini setup|status|test|backfill`: the developer commands (two words each). */
const CURSOR_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'cursor setup': cursorSetupCommand,
  'cursor status': cursorStatusCommand,
  'cursor test': cursorTestCommand,
  'cursor sync': cursorSyncCommand,
  'cursor reset': cursorResetCommand,
  'cursor backfill': cursorBackfillCommand,
};

const CURSOR_HELP = [cursorSetupHelp, cursorStatusHelp, cursorTestHelp, cursorSyncHelp, cursorResetHelp, cursorBackfillHelp];

export const DEV_COMMANDS = { ...commandsFor(CLAUDE), ...commandsFor(GEMINI), ...CURSOR_COMMANDS };

export const DEV_HELP = `Developer commands (settings in ~/.config/uptake/config.json; UPTAKE_ENDPOINT, UPTAKE_API_KEY, UPTAKE_EMAIL override them):
  uptake claude setup|status|test|backfill     Claude Code
  uptake gemini setup|status|test|backfill     Gemini CLI
  uptake cursor setup|status|test|sync|reset|backfill   Cursor (through the server's Admin API sync; an admin key)
  Each takes --help. In short:
${[setupHelp(CLAUDE), statusHelp(CLAUDE), testHelp(CLAUDE), backfillHelp(CLAUDE)].map((h) => `    ${h.split('\n')[0]}`).join('\n')}
`;

export function devToolHelp(command: string): string | null {
  if (command === 'cursor') return CURSOR_HELP.join('\n');
  const spec = command === 'claude' ? CLAUDE : command === 'gemini' ? GEMINI : null;
  return spec ? [setupHelp(spec), statusHelp(spec), testHelp(spec), backfillHelp(spec)].join('\n') : null;
}
