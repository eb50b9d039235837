import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// A signed chart link: /c/<token>.png. The token is base64url(JSON payload ‖ HMAC-SHA256(payload)); the payload
// carries the org, the chart, the query parameters, who asked (so the link renders with that key's rights) and
// the expiry, so the link needs no storage and cannot be changed without breaking the signature. It also names the
// id (not the prefix, which is part of the key) of the key that made it: the link stops working once that key is
// revoked.

const MAC_BYTES = 32;

const payloadSchema = z.object({
  o: z.string(),
  c: z.string(),
  q: z.record(z.string(), z.string()),
  p: z.string().nullable(),
  a: z.boolean(),
  e: z.number().int(),
  k: z.string().nullable(),
});

export interface ChartLink {
  orgId: string;
  chart: string;
  query: Record<string, string>;
  personEmail: string | null;
  isAdmin: boolean;
  /** expiry, seconds since the epoch */
  expiresAt: number;
  /** the id of the API key that made the link; null for links the chat bot made for a chat user (they only expire) */
  keyId: string | null;
}

export type LinkCheck = { ok: true; link: ChartLink } | { ok: false; reason: 'invalid' | 'expired' };

function mac(secret: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function signChartLink(secret: Buffer, link: ChartLink): string {
  const payload = Buffer.from(JSON.stringify({ o: link.orgId, c: link.chart, q: link.query, p: link.personEmail, a: link.isAdmin, e: link.expiresAt, k: link.keyId }));
  return Buffer.concat([payload, mac(secret, payload)]).toString('base64url');
}

export function verifyChartLink(secret: Buffer, token: string, nowMs: number): LinkCheck {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(token)) return { ok: false, reason: 'invalid' };
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length <= MAC_BYTES) return { ok: false, reason: 'invalid' };
  const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
  if (!timingSafeEqual(bytes.subarray(bytes.length - MAC_BYTES), mac(secret, payload))) return { ok: false, reason: 'invalid' };
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(payload.toString('utf8')));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (parsed.e * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, link: { orgId: parsed.o, chart: parsed.c, query: parsed.q, personEmail: parsed.p, isAdmin: parsed.a, expiresAt: parsed.e, keyId: parsed.k } };
}
