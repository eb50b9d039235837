import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ProfileUpdate {
  profile: string;
  added: boolean;
  backup: string | null;
}

/** The profile file of the user's shell (bash, zsh or fish; bash when unknown). */
export function profileFor(home: string, shell: string | null): { file: string; kind: 'posix' | 'fish' } {
  const name = path.basename(shell ?? '');
  if (name === 'zsh') return { file: path.join(home, '.zshrc'), kind: 'posix' };
  if (name === 'fish') return { file: path.join(home, '.config', 'fish', 'config.fish'), kind: 'fish' };
  return { file: path.join(home, '.bashrc'), kind: 'posix' };
}

const MARKER = '# added by uptake';

/** The line that loads an env file of `KEY=value` lines into the shell. */
export function sourceLine(envFile: string, kind: 'posix' | 'fish'): string {
  const quoted = `"${envFile.replaceAll('"', '\\"')}"`;
  if (kind === 'fish') {
    return `test -f ${quoted}; and for line in (string match -rv '^\\s*(#|$)' < ${quoted}); set -l kv (string split -m 1 = -- $line); set -gx $kv[1] (string trim -c '"' -- $kv[2]); end ${MARKER}`;
  }
  return `[ -f ${quoted} ] && set -a && . ${quoted} && set +a ${MARKER}`;
}

/** Adds the line once (a second run finds it and changes nothing), keeping a backup of the profile first. */
export function ensureProfileLine(profile: string, line: string): ProfileUpdate {
  const before = existsSync(profile) ? readFileSync(profile, 'utf8') : null;
  if (before !== null && before.split('\n').some((l) => l.trim() === line.trim())) return { profile, added: false, backup: null };
  mkdirSync(path.dirname(profile), { recursive: true });
  let backup: string | null = null;
  if (before !== null) {
    backup = `${profile}.uptake-backup`;
    copyFileSync(profile, backup);
  }
  const prefix = before === null || before === '' || before.endsWith('\n') ? (before ?? '') : `${before}\n`;
  writeFileSync(profile, `${prefix}${line}\n`);
  return { profile, added: true, backup };
}
