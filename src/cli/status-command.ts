import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CliOutcome } from './cli-outcome.ts';
import { devEnvironment, maskKey } from './dev-settings.ts';
import { connect, statusPath, type IngestStatus } from './connection.ts';
import { joinUrl, UptakeHttpError } from './uptake-client.ts';
import type { ToolSpec } from './tool-specs.ts';

export const statusHelp = (spec: ToolSpec) => `uptake ${spec.command} status
  Shows the configuration (key masked), whether the endpoint answers, whether the key is valid, and when
  ${spec.label} usage with your email last arrived ("this machine" = the email in your settings, or the
  personal key's email). A shared (non-personal) key shows only when the org's usage last arrived.
  Exit code 1 when the endpoint or the key does not work.
`;

export const testHelp = (spec: ToolSpec) => `uptake ${spec.command} test
  Sends one test event (kind connection_test: reports and rollups never count it) and confirms it was stored.
  Exit code 1 when it was not.
`;

export async function statusCommand(spec: ToolSpec, args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) return statusHelp(spec);
  const { settings, client } = connect(spec, { retries: 1, baseDelayMs: 200, timeoutMs: 10_000 });
  const out: Record<string, unknown> = {
    configuration: {
      file: devEnvironment().configFile,
      endpoint: settings.endpoint,
      apiKey: maskKey(settings.apiKey),
      email: settings.email ?? null,
      tier: settings.tiers?.[spec.tool] ?? null,
      organization: settings.organization ?? null,
      product: settings.product ?? null,
    },
  };
  let ok = true;
  try {
    const res = await fetch(joinUrl(settings.endpoint, '/healthz'), { signal: AbortSignal.timeout(10_000) });
    out.endpoint = { reachable: res.ok, status: res.status };
    ok &&= res.ok;
  } catch (error) {
    out.endpoint = { reachable: false, error: (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message };
    return new CliOutcome(out, 1);
  }
  try {
    const status = await client.request<IngestStatus>('GET', statusPath(spec.tool, settings.email));
    out.key = status.key;
    if (status.visibility === 'org') {
      // a shared key may not see one person's data: say when the org's last arrived, and how to see your own
      out.lastArrivedFromThisMachine = null;
      out.lastArrivedInOrg = { tool: spec.tool, receivedAt: status.org?.lastArrivedAt ?? null, occurredAt: status.org?.lastOccurredAt ?? null };
      out.note = status.note ?? 'This key is shared by the org: ask an admin for a personal key to see when your own data last arrived.';
    } else {
      out.lastArrivedFromThisMachine = { email: status.email, tool: spec.tool, receivedAt: status.lastArrivedAt, occurredAt: status.lastOccurredAt };
    }
  } catch (error) {
    out.key = { valid: false, error: (error as Error).message };
    ok = false;
  }
  return ok ? out : new CliOutcome(out, 1);
}

export async function testCommand(spec: ToolSpec, args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) return testHelp(spec);
  const { settings, client } = connect(spec, { retries: 2, baseDelayMs: 300 });
  const id = `uptake-test:${spec.tool}:${randomUUID()}`;
  const event = { id, occurredAt: new Date().toISOString(), tool: spec.tool, kind: 'connection_test', ...(settings.email ? { email: settings.email } : {}) };
  try {
    const sent = await client.request<{ stored: number; duplicates: number; rejected: Array<{ reason: string }> }>('POST', '/api/v1/events', { events: [event] });
    if (sent.rejected.length > 0) return new CliOutcome({ ok: false, id, error: sent.rejected[0]!.reason }, 1);
    const status = await client.request<IngestStatus>('GET', statusPath(spec.tool, settings.email, id));
    const stored = status.test?.stored === true;
    return new CliOutcome({ ok: stored, id, storedAt: status.test?.receivedAt ?? null, endpoint: settings.endpoint }, stored ? 0 : 1);
  } catch (error) {
    const message = error instanceof UptakeHttpError ? error.message : String(error);
    return new CliOutcome({ ok: false, id, error: message }, 1);
  }
}
