import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal, Scope } from '../adapters/postgres/api-key-store.ts';

/** The principal for a presented key, or null; `client` (the caller's address) lets a lookup refuse floods. */
export type KeyLookup = (key: string, client?: string) => Promise<ApiKeyPrincipal | null>;

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

/** How long a key found valid is trusted without asking Postgres again: a revoked key stops working within this. */
export const KEY_CACHE_TTL_MS = 5_000;
/** How long an unknown (or revoked) key is remembered as such: a key is never un-revoked, and new keys are random. */
export const UNKNOWN_KEY_CACHE_TTL_MS = 60_000;

export interface KeyCacheOptions {
  ttlMs?: number;
  unknownTtlMs?: number;
  maxEntries?: number;
  nowMs?: () => number;
}

/**
 * Remembers key lookups for a short time so hot ingestion paths do not query Postgres per request.
 * A revoked key stops working within `ttlMs`; an unknown key costs one lookup per `unknownTtlMs`.
 */
export function cachedKeyLookup(lookup: KeyLookup, options: KeyCacheOptions = {}): KeyLookup {
  const { ttlMs = KEY_CACHE_TTL_MS, unknownTtlMs = UNKNOWN_KEY_CACHE_TTL_MS, maxEntries = 10_000, nowMs = Date.now } = options;
  const cache = new Map<string, { principal: ApiKeyPrincipal | null; expires: number }>();
  return async (key, client) => {
    const now = nowMs();
    const hit = cache.get(key);
    if (hit && hit.expires > now) return hit.principal;
    const principal = await lookup(key, client);
    // Map keeps insertion order: past the cap, forget the oldest entry, so a flood of unknown keys cannot flush valid ones at once.
    cache.delete(key);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(key, { principal, expires: now + (principal ? ttlMs : unknownTtlMs) });
    return principal;
  };
}

/**
 * The key in an Authorization header. OTEL_EXPORTER_OTLP_HEADERS values are percent-encoded per the OpenTelemetry
 * spec (`Authorization=Bearer%20upt_…`), and some exporters (Claude Code) send them without decoding, so a value
 * that looks percent-encoded is decoded first. A key never contains `%`, so no valid header changes meaning.
 */
export function bearerToken(header: string | undefined): string | null {
  if (typeof header !== 'string') return null;
  let value = header;
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(value);
  return m ? (m[1] as string) : null;
}

/** A refused request that still has a body on the wire: the connection closes after the answer instead of reading it. */
function refusal(request: FastifyRequest, statusCode: number, message: string, headers: Record<string, string> = {}): HttpError {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  return new HttpError(statusCode, message, hasBody ? { ...headers, connection: 'close' } : headers);
}

/**
 * An `onRequest` hook admitting a key holding any of `scopes` (admin holds them all). It must run as `onRequest`
 * (see `authenticated`): Fastify reads and parses the body only after onRequest hooks, so an unauthenticated
 * request is refused before any of its body is read.
 */
export function requireScope(lookup: KeyLookup, ...scopes: Scope[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw refusal(request, 401, 'Missing API key: send "Authorization: Bearer <key>".');
    let principal: ApiKeyPrincipal | null;
    try {
      principal = await lookup(token, request.ip);
    } catch (error) {
      if (error instanceof HttpError) throw refusal(request, error.statusCode, error.message, error.headers);
      throw error;
    }
    if (!principal) throw refusal(request, 401, 'Unknown or revoked API key.');
    if (!principal.scopes.includes('admin') && !scopes.some((s) => principal.scopes.includes(s))) {
      throw refusal(request, 403, `This key lacks the scope this endpoint needs (${scopes.join(' or ')}).`);
    }
    request.principal = principal;
  };
}

/** Route options that authenticate before the body is read: `app.post(path, { ...authenticated(lookup, 'ingest') }, …)`. */
export function authenticated(lookup: KeyLookup, ...scopes: Scope[]): { onRequest: ReturnType<typeof requireScope> } {
  return { onRequest: requireScope(lookup, ...scopes) };
}
