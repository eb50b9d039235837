import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The OAuth `state` of an install link: which org the workspace will belong to, until when the link works, signed
 * so nobody can install a workspace into someone else's org. `<base64url payload>.<base64url HMAC-SHA256>`.
 */
export interface InstallState {
  orgId: string;
  expiresAt: number;
}

const b64 = (buf: Buffer) => buf.toString('base64url');

export function signInstallState(secret: Buffer, state: InstallState): string {
  const payload = b64(Buffer.from(JSON.stringify({ o: state.orgId, e: state.expiresAt, n: b64(randomBytes(9)) })));
  return `${payload}.${b64(createHmac('sha256', secret).update(payload).digest())}`;
}

/** The state's org, or null when the signature is wrong, the link expired or the text is not a state at all. */
export function verifyInstallState(secret: Buffer, text: string, nowMs: number): InstallState | null {
  const [payload, signature, extra] = text.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o?: unknown; e?: unknown };
    if (typeof data.o !== 'string' || typeof data.e !== 'number' || data.e < nowMs) return null;
    return { orgId: data.o, expiresAt: data.e };
  } catch {
    return null;
  }
}
