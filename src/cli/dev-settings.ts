import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { isEmail } from '../domain/events/identity.ts';

/**
 * The developer CLI's settings: `~/.config/uptake/config.json` (mode 0600), overridden by `UPTAKE_ENDPOINT`,
 * `UPTAKE_API_KEY` and `UPTAKE_EMAIL`. Besides src/config.ts (the server's), this module is the only reader of
 * `process.env`: it also hands the CLI the locations it needs (HOME, CLAUDE_CONFIG_DIR, XDG_CONFIG_HOME, SHELL).
 */

/** Same shape as src/adapters/postgres/api-key-store.ts creates: `upt_<12>_<32>`. */
export const API_KEY_SHAPE = /^upt_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}$/;

export interface DevSettings {
  endpoint?: string;
  apiKey?: string;
  email?: string;
  organization?: string;
  product?: string;
  /** the seat per tool (claude-code, gemini-cli), when known */
  tiers?: Record<string, string>;
}

const isHttpUrl = (v: string) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol);
const isLabel = (v: string) => v.length >= 1 && v.length <= 200;

/** Each field's check and what to say when it fails (the CLI package has no dependencies, so no schema library). */
const FIELD_CHECKS: Record<keyof Omit<DevSettings, 'tiers'>, [(v: string) => boolean, string]> = {
  endpoint: [isHttpUrl, 'must be an http(s) URL'],
  apiKey: [(v) => API_KEY_SHAPE.test(v), 'must look like upt_<12 letters or digits>_<32 letters or digits>'],
  email: [isEmail, 'must be an email address'],
  organization: [isLabel, 'must be 1 to 200 characters'],
  product: [isLabel, 'must be 1 to 200 characters'],
};

/** The settings, or the list of what is wrong with them (unknown keys included). */
export function checkDevSettings(value: unknown): { settings: DevSettings } | { issues: string[] } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { issues: ['settings: must be a JSON object'] };
  const issues: string[] = [];
  const settings: DevSettings = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'tiers') {
      const ok = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((t) => typeof t === 'string');
      if (ok) settings.tiers = { ...(v as Record<string, string>) };
      else issues.push('tiers: must map tools to tier names');
      continue;
    }
    const check = FIELD_CHECKS[key as keyof typeof FIELD_CHECKS];
    if (!check) issues.push(`${key}: unknown setting`);
    else if (v === undefined) continue;
    else if (typeof v !== 'string' || !check[0](v)) issues.push(`${key}: ${check[1]}`);
    else settings[key as keyof typeof FIELD_CHECKS] = v;
  }
  return issues.length > 0 ? { issues } : { settings };
}

export interface DevEnvironment {
  home: string;
  /** CLAUDE_CONFIG_DIR entries (comma-separated), when set */
  claudeConfigDirs: string[];
  xdgConfigHome: string;
  geminiHome: string;
  shell: string | null;
  configFile: string;
}

export function devEnvironment(env: NodeJS.ProcessEnv = process.env): DevEnvironment {
  const home = env.HOME || homedir();
  const xdgConfigHome = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return {
    home,
    claudeConfigDirs: (env.CLAUDE_CONFIG_DIR ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.replace(/^~(?=$|\/)/, home)),
    xdgConfigHome,
    geminiHome: env.GEMINI_CLI_HOME || home,
    shell: env.SHELL || null,
    configFile: path.join(xdgConfigHome, 'uptake', 'config.json'),
  };
}

export class SettingsError extends Error {}

/** The stored settings alone (no environment overrides); a missing file is empty settings. */
export function readStoredSettings(file: string): DevSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SettingsError(`${file} is not valid JSON; fix it or delete it and run setup again.`);
  }
  const checked = checkDevSettings(json);
  if ('issues' in checked) throw new SettingsError(`${file}: ${checked.issues.join('; ')}`);
  return checked.settings;
}

/** The effective settings: the file, then `UPTAKE_*` variables on top. */
export function loadDevSettings(devEnv: DevEnvironment, env: NodeJS.ProcessEnv = process.env): DevSettings {
  const stored = readStoredSettings(devEnv.configFile);
  const overrides = {
    ...(env.UPTAKE_ENDPOINT ? { endpoint: env.UPTAKE_ENDPOINT } : {}),
    ...(env.UPTAKE_API_KEY ? { apiKey: env.UPTAKE_API_KEY } : {}),
    ...(env.UPTAKE_EMAIL ? { email: env.UPTAKE_EMAIL } : {}),
  };
  const checked = checkDevSettings({ ...stored, ...overrides });
  if ('issues' in checked) throw new SettingsError(`Settings (${devEnv.configFile} and UPTAKE_* variables): ${checked.issues.join('; ')}`);
  return checked.settings;
}

/** Writes the settings file with mode 0600 (also when it already existed with a wider mode). */
export function saveDevSettings(file: string, settings: DevSettings): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function maskKey(key: string | undefined): string {
  if (!key) return '(not set)';
  const m = /^(upt_[A-Za-z0-9]{12})_/.exec(key);
  return m ? `${m[1]}_${'*'.repeat(8)}` : '****';
}
