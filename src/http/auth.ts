import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal, Scope } from '../adapters/postgres/api-key-store.ts';

export type KeyLookup = (key: string) => Promise<ApiKeyPrincipal | null>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: ApiKeyPrincipal | null;
  }
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Remembers key lookups for a short time so hot ingestion paths do not query Postgres per request.
 * A revoked key stops working within `ttlMs`.
 */
export function cachedKeyLookup(lookup: KeyLookup, ttlMs = 30_000, maxEntries = 10_000): KeyLookup {
  const cache = new Map<string, { principal: ApiKeyPrincipal | null; expires: number }>();
  return async (key) => {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.expires > now) return hit.principal;
    const principal = await lookup(key);
    // Map keeps insertion order: past the cap, forget the oldest entry, so a flood of unknown keys cannot flush valid ones at once.
    cache.delete(key);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(key, { principal, expires: now + ttlMs });
    return principal;
  };
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/** A preHandler that admits a key holding any of `scopes` (admin holds them all). */
export function requireScope(lookup: KeyLookup, ...scopes: Scope[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw new HttpError(401, 'Missing API key: send "Authorization: Bearer <key>".');
    const principal = await lookup(token);
    if (!principal) throw new HttpError(401, 'Unknown or revoked API key.');
    if (!principal.scopes.includes('admin') && !scopes.some((s) => principal.scopes.includes(s))) {
      throw new HttpError(403, `This key lacks the scope this endpoint needs (${scopes.join(' or ')}).`);
    }
    request.principal = principal;
  };
}
