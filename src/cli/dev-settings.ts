import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isEmail } from '../domain/events/identity.ts';

/**
 * The developer CLI's settings: `~/.config/uptake/config.json` (mode 0600), overridden by `UPTAKE_ENDPOINT`,
 * `UPTAKE_API_KEY` and `UPTAKE_EMAIL`. Besides src/config.ts (the server's), this module is the only reader of
 * `process.env`: it also hands the CLI the locations it needs (HOME, CLAUDE_CONFIG_DIR, XDG_CONFIG_HOME, SHELL).
 */

/** Same shape as src/adapters/postgres/api-key-store.ts creates: `upt_<12>_<32>`. */
export const API_KEY_SHAPE = /^upt_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}$/;

export const devSettingsSchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    apiKey: z.string().regex(API_KEY_SHAPE, 'must look like upt_<12 letters or digits>_<32 letters or digits>').optional(),
    email: z.string().refine(isEmail, 'must be an email address').optional(),
    organization: z.string().min(1).max(200).optional(),
    product: z.string().min(1).max(200).optional(),
    tiers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type DevSettings = z.infer<typeof devSettingsSchema>;

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

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ');
}

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
  const parsed = devSettingsSchema.safeParse(json);
  if (!parsed.success) throw new SettingsError(`${file}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The effective settings: the file, then `UPTAKE_*` variables on top. */
export function loadDevSettings(devEnv: DevEnvironment, env: NodeJS.ProcessEnv = process.env): DevSettings {
  const stored = readStoredSettings(devEnv.configFile);
  const overrides = {
    ...(env.UPTAKE_ENDPOINT ? { endpoint: env.UPTAKE_ENDPOINT } : {}),
    ...(env.UPTAKE_API_KEY ? { apiKey: env.UPTAKE_API_KEY } : {}),
    ...(env.UPTAKE_EMAIL ? { email: env.UPTAKE_EMAIL } : {}),
  };
  const parsed = devSettingsSchema.safeParse({ ...stored, ...overrides });
  if (!parsed.success) throw new SettingsError(`Settings (${devEnv.configFile} and UPTAKE_* variables): ${describeIssues(parsed.error)}`);
  return parsed.data;
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
