import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TelemetryTarget {
  endpoint: string;
  apiKey: string;
  /** absent in org-wide settings: each tool then reports the person itself */
  email?: string | undefined;
  tier?: string | undefined;
  organization?: string | undefined;
  product?: string | undefined;
}

/** `OTEL_RESOURCE_ATTRIBUTES`: `k=v` pairs, values percent-encoded as the OTel spec asks. */
export function resourceAttributes(t: TelemetryTarget): string {
  const pairs: Array<[string, string | undefined]> = [
    ['user.email', t.email],
    ['tier', t.tier],
    ['organization.name', t.organization],
    ['product.name', t.product],
  ];
  return pairs
    .filter((p): p is [string, string] => Boolean(p[1]))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join(',');
}

/** What Claude Code needs to export per-request events and metrics to Uptake over OTLP/HTTP. */
export function claudeEnv(t: TelemetryTarget): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: t.endpoint.replace(/\/+$/, ''),
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${t.apiKey}`,
    OTEL_RESOURCE_ATTRIBUTES: resourceAttributes(t),
  };
}

/** Gemini CLI reads the endpoint from settings.json; the key and attributes only from the environment. */
export function geminiEnv(t: TelemetryTarget): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${t.apiKey}`,
    OTEL_RESOURCE_ATTRIBUTES: resourceAttributes(t),
  };
}

export function envFileText(env: Record<string, string>): string {
  const lines = Object.entries(env).map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
  return `# Written by \`uptake setup\`; run it again to change these.\n${lines.join('\n')}\n`;
}

/** Writes a file only its owner can read (it holds the API key). */
export function writePrivateFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Gemini CLI's `telemetry` settings block: OTLP/HTTP (JSON) to Uptake, prompts not logged. */
export function geminiTelemetryBlock(endpoint: string): Record<string, unknown> {
  return { enabled: true, target: 'local', otlpProtocol: 'http', otlpEndpoint: endpoint.replace(/\/+$/, ''), logPrompts: false };
}

/** Merges the `telemetry` block into Gemini's settings.json, keeping every other key (and other telemetry keys). */
export function mergeGeminiSettings(file: string, endpoint: string): { created: boolean } {
  let current: Record<string, unknown> = {};
  const exists = existsSync(file);
  if (exists) {
    const text = readFileSync(file, 'utf8');
    try {
      const parsed = text.trim() ? (JSON.parse(text) as unknown) : {};
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      current = parsed as Record<string, unknown>;
    } catch {
      throw new Error(`${file} is not a JSON object; fix it first (setup does not overwrite it).`);
    }
    writeFileSync(`${file}.uptake-backup`, text, { mode: 0o600 });
  }
  const telemetry = typeof current.telemetry === 'object' && current.telemetry !== null ? (current.telemetry as Record<string, unknown>) : {};
  current.telemetry = { ...telemetry, ...geminiTelemetryBlock(endpoint) };
  writePrivateFile(file, `${JSON.stringify(current, null, 2)}\n`);
  return { created: !exists };
}
