import type { TokenCounts } from './tokens.ts';

/** One model request found in local history, before it becomes a `POST /api/v1/events` event. */
export interface UsageRequest {
  tool: 'claude-code' | 'gemini-cli';
  /** Claude `message.id` or Gemini message `id` */
  messageId: string | null;
  /** Claude `requestId` (Gemini has none) */
  requestId: string | null;
  sessionId: string;
  model: string;
  occurredAt: string;
  project: string | null;
  tokens: TokenCounts;
}
