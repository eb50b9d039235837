import { pino, stdTimeFunctions, type Logger } from 'pino';
import { prettyLogStream } from './pretty-log.ts';
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/**
 * What request logs may show of a URL. Query values are logged only for parameters on this allow-list (report and
 * chart shapes); any other value (`email`, `person`, `team`, OAuth `code` and `state`, ...) becomes `[redacted]`,
 * and a signed chart link token (`/c/<token>.png`, which works without a key) is cut.
 */
const LOGGED_QUERY_VALUES = new Set(['range', 'from', 'to', 'tz', 'tool', 'model', 'scope', 'view']);
export const REDACTED = '[redacted]';

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  // a path segment with an email (DELETE /api/v1/people/<email>) is cut too
  const path = (q === -1 ? url : url.slice(0, q))
    .replace(/^\/c\/[^/]*$/, `/c/${REDACTED}`)
    .split('/')
    .map((segment) => (/@|%40/i.test(segment) ? REDACTED : segment))
    .join('/');
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed name is logged as sent, its value redacted
      }
      return LOGGED_QUERY_VALUES.has(decoded) ? pair : `${name}=${REDACTED}`;
    })
    .join('&');
  return `${path}?${query}`;
}

/** The request serializer for Fastify's logger: pino's usual fields, with the URL redacted. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * Fastify's per-request lines at debug (at info they drown everything else; LOG_LEVEL=debug shows them), a failed
 * request still at error, and the "Route GET:<url> not found" line with the URL redacted.
 */
class RedactingLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }

  override routeNotFound(request: FastifyRequest, _reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug(`Route ${request.method}:${redactUrl(request.url)} not found`);
  }
}

/**
 * The process's one logger, with ISO times and request URLs redacted: JSON lines, or readable lines when stdout is
 * a terminal (`pretty`, default: whether it is).
 */
export function createLogger(level: string, stream?: { write: (line: string) => void }, pretty = !stream && process.stdout.isTTY === true): Logger {
  const options = { level, timestamp: stdTimeFunctions.isoTime, serializers: { req: serializeRequest as (req: unknown) => Record<string, unknown> } };
  const out = stream ?? process.stdout;
  return pino(options, pretty ? prettyLogStream(out) : out);
}

/** The logging part of the Fastify options: the given logger, and request URLs redacted everywhere Fastify logs them. */
export function loggingOptions(logger: Logger): Pick<FastifyServerOptions, 'loggerInstance' | 'logController'> {
  return { loggerInstance: logger, logController: new RedactingLogController() };
}
