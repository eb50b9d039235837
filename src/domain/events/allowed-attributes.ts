import type { AttributeValue } from './usage-event.ts';
import { LIMITS } from './limits.ts';

/**
 * The only attributes kept besides the typed columns. An allow-list, so a new client field holding prompt,
 * response, code or command text can never reach storage.
 */
const ALLOWED = new Set([
  'query_source',
  'speed',
  'effort',
  'start_type',
  'type',
  'language',
  'source',
  'decision_source',
  'tool_source',
  'tool_type',
  'permission_mode',
  'error_type',
  'status_code',
  'attempt',
  'role',
  'auth_type',
  'interactive',
  'prompt_length',
  'ttft_ms',
  'terminal.type',
  'app.entrypoint',
  'app.version',
  'service.version',
  'os.type',
  'host.arch',
  'organization.name',
  'team',
  'department',
  'tier',
  'workflow',
  'agent.name',
  'skill.name',
  'command_source',
]);

/** A NUL or an unpaired surrogate: Postgres jsonb cannot hold either. */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

export function allowedAttributes(entries: Iterable<[string, AttributeValue]>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of entries) {
    if (!ALLOWED.has(key)) continue;
    if (typeof value === 'string') {
      if (value === '' || value.length > LIMITS.maxAttributeLength || UNSTORABLE.test(value)) continue;
    } else if (typeof value === 'number' && !Number.isFinite(value)) continue;
    out[key] = value;
  }
  return out;
}
