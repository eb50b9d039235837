import path from 'node:path';
import { collectClaudeHistory, collectGeminiHistory, type CollectedHistory } from './collect-history.ts';
import type { DevEnvironment } from './dev-settings.ts';

/** What differs between `uptake claude ...` and `uptake gemini ...`. */
export interface ToolSpec {
  command: 'claude' | 'gemini';
  tool: 'claude-code' | 'gemini-cli';
  label: string;
  envFile: (env: DevEnvironment) => string;
  historyHelp: string;
  collect: (env: DevEnvironment) => CollectedHistory;
}

export const CLAUDE: ToolSpec = {
  command: 'claude',
  tool: 'claude-code',
  label: 'Claude Code',
  envFile: (env) => path.join(env.home, '.claude', 'uptake.env'),
  historyHelp: '~/.claude/projects/**/*.jsonl, ~/.config/claude/projects (or CLAUDE_CONFIG_DIR), sub-agent files included',
  collect: collectClaudeHistory,
};

export const GEMINI: ToolSpec = {
  command: 'gemini',
  tool: 'gemini-cli',
  label: 'Gemini CLI',
  envFile: (env) => path.join(env.geminiHome, '.gemini', 'uptake.env'),
  historyHelp: '~/.gemini/tmp/*/chats/*.jsonl (sub-agent folders and legacy .json chats included)',
  collect: collectGeminiHistory,
};

export function geminiSettingsFile(env: DevEnvironment): string {
  return path.join(env.geminiHome, '.gemini', 'settings.json');
}
