import { claudeEnv, geminiTelemetryBlock } from './telemetry-setup.ts';

/**
 * Org-wide settings for Claude Code and Gemini CLI: the shared ingest key and the endpoint, and nothing about a
 * person (no user.email, no tier, no personal key), so the same file can go on every machine. Each tool then says
 * who is working: see `identityNote`.
 */
export type RolloutTool = 'claude' | 'gemini';

/**
 * Claude Code's managed settings (`managed-settings.json`, MDM or the claude.ai admin console): its `env` block.
 * OTEL_RESOURCE_ATTRIBUTES stays out: a managed value would override the `user.email` an API-key user sets.
 */
export function claudeManagedSettings(endpoint: string, sharedKey: string): { env: Record<string, string> } {
  const { OTEL_RESOURCE_ATTRIBUTES: _personal, ...env } = claudeEnv({ endpoint, apiKey: sharedKey });
  return { env };
}

/** Gemini CLI's system settings (`settings.json`): the telemetry block. */
export function geminiSystemSettings(endpoint: string): { telemetry: Record<string, unknown> } {
  return { telemetry: geminiTelemetryBlock(endpoint) };
}

/** Gemini CLI reads the OTLP headers only from the environment: one variable, set machine-wide. */
export function geminiSystemEnv(sharedKey: string): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${sharedKey}` };
}

export const CLAUDE_MANAGED_FILES = [
  'Linux and WSL: /etc/claude-code/managed-settings.json',
  'macOS:         /Library/Application Support/ClaudeCode/managed-settings.json',
  'Windows:       C:\\Program Files\\ClaudeCode\\managed-settings.json',
];

export const GEMINI_SYSTEM_FILES = [
  'Linux:   /etc/gemini-cli/settings.json',
  'macOS:   /Library/Application Support/GeminiCli/settings.json',
  'Windows: C:\\ProgramData\\gemini-cli\\settings.json',
];

/** Where each tool gets the person's email from under an org-wide rollout. */
export const IDENTITY_NOTE: Record<RolloutTool, string> = {
  claude: `Who is who: people who sign in to Claude Code with a Claude account (Pro, Max, Team, Enterprise) are
named by Claude Code itself: it sends the account's email (user.email) with every event. API-key, Bedrock and
Vertex users have no account email: each of them runs \`uptake claude setup --email you@example.com\` once (it
puts user.email in OTEL_RESOURCE_ATTRIBUTES, which these settings leave to the developer), or sets
OTEL_RESOURCE_ATTRIBUTES="user.email=you@example.com" themselves. The managed key wins over a personal key for
Claude Code, so for them user.email is what names the person. Without either, their usage counts per install
(user.id), not per person.`,
  gemini: `Who is who: people signed in to Gemini CLI with a Google account are named by Gemini CLI itself (it sends
the cached account's email as user.email). API-key and Vertex users have no account email: each of them runs
\`uptake gemini setup --email you@example.com\` once, ideally with a personal key (\`uptake admin key create
--scope ingest --email ...\`; their shell then overrides the shared key), or sets
OTEL_RESOURCE_ATTRIBUTES="user.email=you@example.com" themselves. Without either, their usage counts per
installation (installation.id), not per person.`,
};

const indent = (text: string) => text.replace(/^/gm, '    ');

/** The text `uptake admin rollout` prints for one tool. */
export function rolloutGuide(tool: RolloutTool, endpoint: string, sharedKey: string): string {
  if (tool === 'claude') {
    return `== Claude Code ==
Put this in Claude Code's managed settings on every machine (or merge its env block into the file you have):
${CLAUDE_MANAGED_FILES.map((f) => `  ${f}`).join('\n')}
  (or the same JSON through MDM, or the claude.ai admin console's server-managed settings)

${indent(JSON.stringify(claudeManagedSettings(endpoint, sharedKey), null, 2))}

${IDENTITY_NOTE.claude}
`;
  }
  const env = Object.entries(geminiSystemEnv(sharedKey)).map(([k, v]) => `export ${k}="${v}"`);
  return `== Gemini CLI ==
Put this telemetry block in Gemini CLI's system settings on every machine (other keys of the file kept):
${GEMINI_SYSTEM_FILES.map((f) => `  ${f}`).join('\n')}

${indent(JSON.stringify(geminiSystemSettings(endpoint), null, 2))}

Gemini CLI reads the key only from the environment: set it machine-wide too, e.g. in /etc/profile.d/uptake.sh
(macOS: the login shell profile your MDM manages; Windows: a system environment variable):

${indent(env.join('\n'))}

Every OpenTelemetry exporter reads that variable: where other programs on the machine export OTLP to a collector
of their own, set it only where Gemini CLI starts (a wrapper script or the shell profile) so the key stays here.

${IDENTITY_NOTE.gemini}
`;
}
