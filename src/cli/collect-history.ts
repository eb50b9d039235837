import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLAUDE_USAGE_MARKER, ClaudeRequestDedup, parseClaudeLine } from '../domain/backfill/claude-transcript.ts';
import { GeminiChatReader, readLegacyGeminiChat } from '../domain/backfill/gemini-chat.ts';
import { countSkip, type SkipCounts } from '../domain/backfill/skip-reasons.ts';
import type { UsageRequest } from '../domain/backfill/usage-request.ts';
import type { DevEnvironment } from './dev-settings.ts';
import { claudeProjectRoots, filesUnder, forEachLineWith, geminiChatDirs } from './history-files.ts';

export interface CollectedHistory {
  files: number;
  requests: UsageRequest[];
  /** lines of an already-counted request (streaming copies, rewritten messages) */
  duplicateLines: number;
  skipped: SkipCounts;
  /** files that could not be read, with the reason */
  unreadable: Array<{ file: string; reason: string }>;
}

/** Every Claude Code model request in the local transcripts (main sessions and subagents), one per request. */
export function collectClaudeHistory(env: DevEnvironment): CollectedHistory {
  const dedup = new ClaudeRequestDedup();
  const skipped: SkipCounts = {};
  const unreadable: CollectedHistory['unreadable'] = [];
  let files = 0;
  for (const root of claudeProjectRoots(env)) {
    for (const file of filesUnder(root, ['.jsonl'])) {
      files++;
      try {
        forEachLineWith(file, CLAUDE_USAGE_MARKER, (line) => {
          const outcome = parseClaudeLine(line);
          if (outcome.kind === 'usage') dedup.add(outcome.request);
          else if (outcome.kind === 'skipped') countSkip(skipped, outcome.reason);
        });
      } catch (error) {
        unreadable.push({ file, reason: (error as Error).message });
      }
    }
  }
  return { files, requests: [...dedup.requests()], duplicateLines: dedup.duplicateLines, skipped, unreadable };
}

/** A project folder named by a SHA-256 (Gemini CLI before 2026-02) says nothing about the project. */
function geminiProject(slug: string): string | null {
  return /^[0-9a-f]{64}$/.test(slug) ? null : slug;
}

/** Every Gemini CLI model request in `~/.gemini/tmp/<project>/chats/` (subagent folders included); the last record of a message wins. */
export function collectGeminiHistory(env: DevEnvironment): CollectedHistory {
  const skipped: SkipCounts = {};
  const unreadable: CollectedHistory['unreadable'] = [];
  const requests: UsageRequest[] = [];
  let files = 0;
  let duplicateLines = 0;
  for (const { project, dir } of geminiChatDirs(env)) {
    for (const file of filesUnder(dir, ['.jsonl', '.json'])) {
      files++;
      try {
        if (file.endsWith('.json')) {
          requests.push(...readLegacyGeminiChat(readFileSync(file, 'utf8'), geminiProject(project), skipped));
          continue;
        }
        const reader = new GeminiChatReader(geminiProject(project), skipped);
        forEachLineWith(file, '', (line) => reader.line(line));
        requests.push(...reader.requests());
        duplicateLines += reader.duplicateLines;
      } catch (error) {
        unreadable.push({ file: path.relative(env.home, file), reason: (error as Error).message });
      }
    }
  }
  return { files, requests, duplicateLines, skipped, unreadable };
}
