import { createHash } from 'node:crypto';

/**
 * What identifies one delivery across Slack's retries: the event id for the Events API, the trigger id for slash
 * commands and interactions, else a hash of the body.
 */
export function deliveryKey(body: Record<string, unknown>, rawBody: string): string {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return `body:${createHash('sha256').update(rawBody).digest('hex')}`;
}
