import { existsSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DevEnvironment } from './dev-settings.ts';

/** Claude Code's `projects/` roots: CLAUDE_CONFIG_DIR when set, else `~/.config/claude` and `~/.claude`. */
export function claudeProjectRoots(env: DevEnvironment): string[] {
  const bases = env.claudeConfigDirs.length > 0 ? env.claudeConfigDirs : [path.join(env.xdgConfigHome, 'claude'), path.join(env.home, '.claude')];
  const roots = bases.map((b) => (path.basename(b) === 'projects' ? b : path.join(b, 'projects'))).filter((p) => isDirectory(p));
  return [...new Set(roots.map((r) => path.resolve(r)))];
}

/** Gemini CLI's chat roots: `~/.gemini/tmp/<project>/chats/`. */
export function geminiChatDirs(env: DevEnvironment): Array<{ project: string; dir: string }> {
  const tmp = path.join(env.geminiHome, '.gemini', 'tmp');
  if (!isDirectory(tmp)) return [];
  return readdirSync(tmp, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isDirectory(path.join(tmp, d.name, 'chats')))
    .map((d) => ({ project: d.name, dir: path.join(tmp, d.name, 'chats') }));
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Every file under `dir` whose name ends with one of `extensions`, recursively (subagent folders included), sorted. */
export function filesUnder(dir: string, extensions: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && extensions.some((x) => e.name.endsWith(x))) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Calls `onLine` for each line of the file that contains `marker`, decoding only those lines: the bytes of the
 * other lines are never turned into strings. A last line without a newline is passed too (it may be truncated).
 * With an empty marker every line is passed. Lines are read with a fixed buffer, so memory stays flat.
 */
export function forEachLineWith(file: string, marker: string, onLine: (line: string) => void): void {
  const needle = Buffer.from(marker);
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    let carried = 0;
    for (;;) {
      if (carried === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, carried, buffer.length - carried, null);
      const end = carried + read;
      const eof = read === 0;
      const lastNewline = eof ? end : buffer.lastIndexOf(NEWLINE, end - 1);
      if (lastNewline >= 0) {
        const view = buffer.subarray(0, lastNewline);
        scanLines(view, needle, onLine);
        const rest = eof ? 0 : end - lastNewline - 1;
        if (rest > 0) buffer.copy(buffer, 0, lastNewline + 1, end);
        carried = rest;
      } else {
        carried = end;
      }
      if (eof) return;
    }
  } finally {
    closeSync(fd);
  }
}

function scanLines(view: Buffer, needle: Buffer, onLine: (line: string) => void): void {
  let from = 0;
  while (from < view.length) {
    const hit = needle.length === 0 ? from : view.indexOf(needle, from);
    if (hit < 0) return;
    const start = hit === from ? from : view.lastIndexOf(NEWLINE, hit - 1) + 1;
    let stop = view.indexOf(NEWLINE, hit);
    if (stop < 0) stop = view.length;
    if (stop > start) onLine(view.toString('utf8', start, stop));
    from = stop + 1;
  }
}
