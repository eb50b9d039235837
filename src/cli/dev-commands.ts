import { backfillCommand, backfillHelp } from './backfill-command.ts';
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
export const DEV_COMMANDS = { ...commandsFor(CLAUDE), ...commandsFor(GEMINI) };

export const DEV_HELP = `Developer commands (settings in ~/.config/uptake/config.json; UPTAKE_ENDPOINT, UPTAKE_API_KEY, UPTAKE_EMAIL override them):
  uptake claude setup|status|test|backfill     Claude Code
  uptake gemini setup|status|test|backfill     Gemini CLI
  Each takes --help. In short:
${[setupHelp(CLAUDE), statusHelp(CLAUDE), testHelp(CLAUDE), backfillHelp(CLAUDE)].map((h) => `    ${h.split('\n')[0]}`).join('\n')}
`;

export function devToolHelp(command: string): string | null {
  const spec = command === 'claude' ? CLAUDE : command === 'gemini' ? GEMINI : null;
  return spec ? [setupHelp(spec), statusHelp(spec), testHelp(spec), backfillHelp(spec)].join('\n') : null;
}
