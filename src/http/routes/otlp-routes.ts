import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  decodeOtlpProtobuf,
  encodeOtlpProtobufResponse,
  encodeRpcStatusProtobuf,
  type OtlpSignal,
} from '../../adapters/otlp/protobuf-codec.ts';
import { ingestOtlpLogs, ingestOtlpMetrics, type IngestDeps, type OtlpIngestOutcome } from '../../app/ingest-events.ts';
import type { ExportLogsRequest, ExportMetricsRequest } from '../../domain/otlp/otlp-json.ts';
import { otlpShapeProblem } from '../../domain/otlp/otlp-shape.ts';
import { HttpError, requireScope, type KeyLookup } from '../auth.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../database-errors.ts';

const gunzip = promisify(gunzipCallback);

type Encoding = 'json' | 'protobuf';

export interface OtlpRoutesOptions {
  lookupKey: KeyLookup;
  ingest: IngestDeps;
  now: () => Date;
  /** largest body after decompression */
  bodyLimit: number;
  /** largest body as sent (possibly compressed) */
  wireBodyLimit: number;
}

const REJECTED_FIELD: Record<OtlpSignal, string> = {
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
  traces: 'rejectedSpans',
};

function encodingOf(request: FastifyRequest): Encoding | null {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return null;
}

async function decompress(request: FastifyRequest, body: Buffer, limit: number): Promise<Buffer> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toString().trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') {
    if (body.length > limit) throw new HttpError(413, `Body is ${body.length} bytes; the limit is ${limit}.`);
    return body;
  }
  if (encoding !== 'gzip') throw new HttpError(415, `Unsupported Content-Encoding "${encoding}": send gzip or none.`);
  try {
    return await gunzip(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new HttpError(413, `Body exceeds ${limit} bytes after decompression.`);
    }
    throw new HttpError(400, 'Body is not valid gzip.');
  }
}

function decode(signal: OtlpSignal, encoding: Encoding, body: Buffer): object {
  if (body.length === 0) return {};
  if (encoding === 'protobuf') {
    try {
      return decodeOtlpProtobuf(signal, body) as object;
    } catch (error) {
      throw new HttpError(400, `Body is not a valid OTLP ${signal} protobuf message: ${(error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `Body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, `Body must be an OTLP Export${signal === 'traces' ? 'Trace' : signal === 'logs' ? 'Logs' : 'Metrics'}ServiceRequest JSON object.`);
  }
  const problem = otlpShapeProblem(signal, parsed);
  if (problem) throw new HttpError(400, `Body is not an OTLP ${signal} request: ${problem}.`);
  return parsed;
}

function sendSuccess(reply: FastifyReply, signal: OtlpSignal, encoding: Encoding, outcome: OtlpIngestOutcome | null): FastifyReply {
  const partial = outcome && (outcome.rejected > 0 || outcome.errorMessage) ? outcome : null;
  if (encoding === 'protobuf') {
    const bytes = encodeOtlpProtobufResponse(signal, partial ? { rejected: partial.rejected, errorMessage: partial.errorMessage } : undefined);
    return reply.code(200).type('application/x-protobuf').send(Buffer.from(bytes));
  }
  const body = partial
    ? { partialSuccess: { [REJECTED_FIELD[signal]]: String(partial.rejected), errorMessage: partial.errorMessage } }
    : {};
  return reply.code(200).type('application/json').send(JSON.stringify(body));
}

function sendStatus(reply: FastifyReply, encoding: Encoding, statusCode: number, message: string): FastifyReply {
  // google.rpc.Status code: the closest gRPC code for the HTTP status.
  const grpcCode = { 400: 3, 401: 16, 403: 7, 413: 3, 415: 3, 429: 8, 503: 14 }[statusCode] ?? 13;
  reply.code(statusCode);
  if (encoding === 'protobuf') return reply.type('application/x-protobuf').send(Buffer.from(encodeRpcStatusProtobuf(grpcCode, message)));
  return reply.type('application/json').send(JSON.stringify({ code: grpcCode, message }));
}

/** OTLP/HTTP receiver: POST /v1/logs, /v1/metrics, /v1/traces, in its own scope with raw-body parsing. */
export async function otlpRoutes(app: FastifyInstance, options: OtlpRoutesOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.wireBodyLimit }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { statusCode?: number; headers?: Record<string, string> }, request, reply) => {
    const encoding = encodingOf(request) ?? 'json';
    if (error instanceof HttpError) {
      reply.headers(error.headers);
      return sendStatus(reply, encoding, error.statusCode, error.message);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable during OTLP ingestion');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendStatus(reply, encoding, 503, 'Storage is unavailable; retry shortly.');
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return sendStatus(reply, encoding, 413, `Body exceeds ${options.wireBodyLimit} bytes.`);
    if (status >= 400 && status < 500) return sendStatus(reply, encoding, status, error.message);
    request.log.error({ err: error }, 'OTLP ingestion failed');
    return sendStatus(reply, encoding, 500, 'Internal error.');
  });

  const authenticate = requireScope(options.lookupKey, 'ingest');
  app.addHook('onRequest', async (request, reply) => {
    if (!encodingOf(request)) {
      throw new HttpError(415, `Unsupported Content-Type "${request.headers['content-type'] ?? ''}": send application/x-protobuf or application/json.`);
    }
    await authenticate(request, reply);
  });

  const handle = (signal: OtlpSignal) => async (request: FastifyRequest, reply: FastifyReply) => {
    const encoding = encodingOf(request) as Encoding;
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const decoded = decode(signal, encoding, await decompress(request, raw, options.bodyLimit));
    const caller = { orgId: request.principal!.orgId, personEmail: request.principal!.personEmail };
    const now = options.now();
    let outcome: OtlpIngestOutcome | null = null;
    if (signal === 'logs') outcome = await ingestOtlpLogs(options.ingest, caller, decoded as ExportLogsRequest, now);
    if (signal === 'metrics') outcome = await ingestOtlpMetrics(options.ingest, caller, decoded as ExportMetricsRequest, now);
    return sendSuccess(reply, signal, encoding, outcome);
  };

  app.post('/v1/logs', handle('logs'));
  app.post('/v1/metrics', handle('metrics'));
  app.post('/v1/traces', handle('traces'));
}
