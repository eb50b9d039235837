import type { ServerOptions } from 'node:http';

/**
 * Bounds on slow clients (issue 12, D6): a request must arrive whole, headers and body, within `requestTimeoutMs`
 * (else 408 and the connection is closed), and a connection idle for twice as long is closed. Node checks the
 * request deadline every `connectionsCheckingInterval`, 30 s by default: at most a quarter of the bound here.
 */
export function serverTimeouts(requestTimeoutMs: number): { requestTimeout: number; connectionTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: requestTimeoutMs * 2,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(60_000, requestTimeoutMs),
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(requestTimeoutMs / 4))),
    },
  };
}
