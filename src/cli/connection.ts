import { UsageError } from './cli-outcome.ts';
import { devEnvironment, loadDevSettings, type DevSettings } from './dev-settings.ts';
import { UptakeClient, type ClientOptions } from './uptake-client.ts';
import type { ToolSpec } from './tool-specs.ts';

export interface Connection {
  settings: DevSettings & { endpoint: string; apiKey: string };
  client: UptakeClient;
}

/** The settings with an endpoint and key, or a usage error saying how to get them. */
export function connect(spec: ToolSpec, options: Partial<ClientOptions> = {}): Connection {
  const settings = loadDevSettings(devEnvironment());
  if (!settings.endpoint || !settings.apiKey) {
    throw new UsageError(`No Uptake endpoint or key configured: run \`uptake ${spec.command} setup\` or set UPTAKE_ENDPOINT and UPTAKE_API_KEY.`);
  }
  const full = { ...settings, endpoint: settings.endpoint, apiKey: settings.apiKey };
  return { settings: full, client: new UptakeClient({ endpoint: full.endpoint, apiKey: full.apiKey, ...options }) };
}

export interface IngestStatus {
  key: { valid: boolean; orgId: string; scopes: string[]; email: string | null };
  /** "org": the key is shared, so the answer is the org's (under `org`), not this person's (servers before it: absent) */
  visibility?: 'person' | 'org';
  org?: { lastArrivedAt: string | null; lastOccurredAt: string | null };
  note?: string;
  email: string | null;
  tool: string | null;
  lastArrivedAt: string | null;
  lastOccurredAt: string | null;
  test?: { id: string; stored: boolean; receivedAt: string | null };
  /** the roster's open seat for the tool, for a key allowed to see the person (servers before it: absent) */
  seat?: { tool: string; tier: string } | null;
}

export function statusPath(tool: string, email: string | undefined, testId?: string): string {
  const q = new URLSearchParams({ tool });
  if (email) q.set('email', email);
  if (testId) q.set('testId', testId);
  return `/api/v1/ingest/status?${q}`;
}
