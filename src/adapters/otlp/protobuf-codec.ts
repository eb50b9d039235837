// OTLP/HTTP binary protobuf codec.
//
// Schema: ./proto/opentelemetry/** are verbatim copies of
// open-telemetry/opentelemetry-proto at commit
// 1af43249eb6a76df487c464b28f89c8d0251829a (OTLP 1.3-era messages: scope
// attributes, Span/Link flags, Metric.metadata, partial success; no
// LogRecord.event_name or Resource.entity_refs). Fields a newer sender adds are
// skipped by the decoder, not rejected. ./proto/google/rpc/status.proto is a
// minimal wire-compatible google.rpc.Status.
//
// Decodes Export{Logs,Metrics,Trace}ServiceRequest bodies into plain objects in
// the OTLP/JSON shape (camelCase keys, 64-bit integers as decimal strings, enums
// as numbers, trace/span ids as lowercase hex, other bytes as base64), so the
// rest of the pipeline can treat protobuf and JSON requests identically. Also
// encodes the Export*ServiceResponse and google.rpc.Status reply bodies.
//
// The .proto files under ./proto are loaded once, at module load. protobufjs
// generates specialised decode/encode/toObject functions per message type; all
// of them are generated eagerly here so no request pays for code generation.

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import protobuf from 'protobufjs';
import type { IConversionOptions, Type } from 'protobufjs';
import { decodeLogsRequest } from './logs-protobuf-decoder.ts';

export type OtlpSignal = 'logs' | 'metrics' | 'traces';

/** The body could not be decoded as the protobuf request message of the signal. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  readonly signal: OtlpSignal;

  constructor(signal: OtlpSignal, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.signal = signal;
  }
}

const PROTO_DIR = fileURLToPath(new URL('./proto/', import.meta.url));

const PROTO_FILES = [
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'google/rpc/status.proto',
];

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports inside the .proto files are relative to the proto root directory
  // (e.g. "opentelemetry/proto/common/v1/common.proto"), not to the importing
  // file. google/protobuf/*.proto imports never reach this: protobufjs serves
  // them from its bundled well-known types.
  root.resolvePath = (_origin: string, target: string): string =>
    path.isAbsolute(target) ? target : path.join(PROTO_DIR, target);
  root.loadSync(PROTO_FILES);
  root.resolveAll();
  return root;
}

/** Generates encode/decode/toObject/fromObject for every message type up front. */
function setupAllTypes(ns: protobuf.NamespaceBase): void {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) nested.setup();
    if (nested instanceof protobuf.Namespace) setupAllTypes(nested);
  }
}

// Every oneof member the generated decoder reads is followed by an assignment
// to the oneof's virtual property (e.g. `anyValue.value = "stringValue"`),
// whose stock setter runs `delete this[member]` for each of the other members
// (six for AnyValue, i.e. for every attribute value). That alone costs ~25% of
// a Claude Code log batch decode. The replacement below has the same semantics
// - a later member of the same oneof clears earlier ones - but only deletes
// members actually present, and is unrolled per oneof.
type OneOfSetterFactory = (fieldNames: string[]) => (this: object, name: string) => void;

const fastOneOfSetter: OneOfSetterFactory = (fieldNames) => {
  const body = fieldNames
    .map((f) => {
      const k = JSON.stringify(f);
      return `if(n!==${k}&&h.call(this,${k}))delete this[${k}];`;
    })
    .join('');
  return new Function('h', `return function(n){${body}}`)(Object.prototype.hasOwnProperty) as (
    this: object,
    name: string,
  ) => void;
};

/**
 * protobufjs reads `util.oneOfSetter` when it creates a message constructor,
 * which Type#setup does. Swapping it only for the duration of our own setup
 * keeps every other protobufjs user in the process on the stock behaviour.
 */
function setupWithFastOneOfs(ns: protobuf.NamespaceBase): void {
  const util = protobuf.util as unknown as { oneOfSetter: OneOfSetterFactory };
  const stock = util.oneOfSetter;
  util.oneOfSetter = fastOneOfSetter;
  try {
    setupAllTypes(ns);
  } finally {
    util.oneOfSetter = stock;
  }
}

const root = loadRoot();
setupWithFastOneOfs(root);

const REQUEST_TYPES: Record<OtlpSignal, Type> = {
  logs: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
  metrics: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
  traces: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
};

const RESPONSE_TYPES: Record<OtlpSignal, Type> = {
  logs: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
  metrics: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
  traces: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
};

const REJECTED_FIELD: Record<OtlpSignal, string> = {
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
  traces: 'rejectedSpans',
};

const STATUS_TYPE = root.lookupType('google.rpc.Status');

// arrays: true  - repeated fields are always present (possibly []), which is
//                 what the reference decodes in test/fixtures use.
// defaults: false - fields absent from the wire stay absent. Note that
//                 protobufjs 8 implements proto3 implicit presence: a plain
//                 scalar whose value is the default (0, "", false) is treated
//                 as absent even if the sender wrote it. Oneof members (e.g.
//                 AnyValue.intValue "0") and `optional` fields keep explicit
//                 defaults.
// json: true    - non-finite doubles become "NaN"/"Infinity"/"-Infinity" as in
//                 OTLP/JSON instead of numbers that JSON.stringify turns into null.
const TO_OBJECT_OPTIONS: IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  defaults: false,
  arrays: true,
  objects: false,
  oneofs: false,
  json: true,
};

// ---------------------------------------------------------------------------
// Trace / span ids: toObject renders every bytes field as base64; OTLP/JSON
// wants trace_id / span_id / parent_span_id as hex. They are overwritten below
// from the decoded message (whose arrays line up 1:1 with the plain object's),
// which avoids a base64 round trip. Only fields that were present on the wire
// exist in the plain object, so only those are converted.
// ---------------------------------------------------------------------------

type Obj = Record<string, unknown>;
type Msg = Record<string, unknown>;

function toHex(bytes: Uint8Array): string {
  return Buffer.isBuffer(bytes)
    ? bytes.toString('hex')
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function hexField(msg: Msg, obj: Obj, key: string): void {
  if (obj[key] !== undefined) obj[key] = toHex(msg[key] as Uint8Array);
}

function list(value: unknown): Msg[] {
  return (value as Msg[] | undefined) ?? [];
}

function hexIdsLogs(msg: Msg, obj: Obj): void {
  const mResources = list(msg.resourceLogs);
  const oResources = list(obj.resourceLogs);
  for (let i = 0; i < mResources.length; i++) {
    const mScopes = list(mResources[i]!.scopeLogs);
    const oScopes = list(oResources[i]!.scopeLogs);
    for (let j = 0; j < mScopes.length; j++) {
      const mRecords = list(mScopes[j]!.logRecords);
      const oRecords = list(oScopes[j]!.logRecords);
      for (let k = 0; k < mRecords.length; k++) {
        const m = mRecords[k]!;
        const o = oRecords[k]!;
        hexField(m, o, 'traceId');
        hexField(m, o, 'spanId');
      }
    }
  }
}

function hexIdsTraces(msg: Msg, obj: Obj): void {
  const mResources = list(msg.resourceSpans);
  const oResources = list(obj.resourceSpans);
  for (let i = 0; i < mResources.length; i++) {
    const mScopes = list(mResources[i]!.scopeSpans);
    const oScopes = list(oResources[i]!.scopeSpans);
    for (let j = 0; j < mScopes.length; j++) {
      const mSpans = list(mScopes[j]!.spans);
      const oSpans = list(oScopes[j]!.spans);
      for (let k = 0; k < mSpans.length; k++) {
        const m = mSpans[k]!;
        const o = oSpans[k]!;
        hexField(m, o, 'traceId');
        hexField(m, o, 'spanId');
        hexField(m, o, 'parentSpanId');
        const mLinks = list(m.links);
        const oLinks = list(o.links);
        for (let l = 0; l < mLinks.length; l++) {
          hexField(mLinks[l]!, oLinks[l]!, 'traceId');
          hexField(mLinks[l]!, oLinks[l]!, 'spanId');
        }
      }
    }
  }
}

// Metric kinds whose data points carry exemplars (Summary points have none).
const EXEMPLAR_METRIC_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram'] as const;

function hexIdsMetrics(msg: Msg, obj: Obj): void {
  const mResources = list(msg.resourceMetrics);
  const oResources = list(obj.resourceMetrics);
  for (let i = 0; i < mResources.length; i++) {
    const mScopes = list(mResources[i]!.scopeMetrics);
    const oScopes = list(oResources[i]!.scopeMetrics);
    for (let j = 0; j < mScopes.length; j++) {
      const mMetrics = list(mScopes[j]!.metrics);
      const oMetrics = list(oScopes[j]!.metrics);
      for (let k = 0; k < mMetrics.length; k++) {
        const mMetric = mMetrics[k]!;
        const oMetric = oMetrics[k]!;
        for (const kind of EXEMPLAR_METRIC_KINDS) {
          const mData = mMetric[kind] as Msg | null | undefined;
          const oData = oMetric[kind] as Obj | undefined;
          if (!mData || !oData) continue;
          const mPoints = list(mData.dataPoints);
          const oPoints = list(oData.dataPoints);
          for (let p = 0; p < mPoints.length; p++) {
            const mExemplars = list(mPoints[p]!.exemplars);
            const oExemplars = list(oPoints[p]!.exemplars);
            for (let e = 0; e < mExemplars.length; e++) {
              hexField(mExemplars[e]!, oExemplars[e]!, 'traceId');
              hexField(mExemplars[e]!, oExemplars[e]!, 'spanId');
            }
          }
        }
      }
    }
  }
}

const HEX_IDS: Record<OtlpSignal, (msg: Msg, obj: Obj) => void> = {
  logs: hexIdsLogs,
  metrics: hexIdsMetrics,
  traces: hexIdsTraces,
};

function requestType(signal: OtlpSignal): Type {
  const type = REQUEST_TYPES[signal];
  if (type === undefined) throw new TypeError(`Unknown OTLP signal: ${String(signal)}`);
  return type;
}

function asBuffer(body: Uint8Array): Buffer {
  // A Buffer view, no copy: protobufjs then uses its Buffer reader, and the
  // logs decoder reads strings with Buffer#toString.
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function invalidRequest(signal: OtlpSignal, buf: Buffer, err: unknown): OtlpDecodeError {
  const reason = err instanceof Error ? err.message : String(err);
  return new OtlpDecodeError(signal, `Invalid OTLP protobuf ${signal} request (${buf.length} bytes): ${reason}`, {
    cause: err,
  });
}

/**
 * Decodes an OTLP/HTTP protobuf request body (already decompressed) for the
 * given signal into a plain object in OTLP/JSON shape, e.g. for logs
 * `{ resourceLogs: [{ resource: {...}, scopeLogs: [{ scope: {...}, logRecords: [...] }] }] }`.
 * An empty body is a valid, empty request and decodes to `{ resourceLogs: [] }`
 * (resp. `resourceMetrics` / `resourceSpans`).
 *
 * Logs, the bulk of the traffic, go through a hand-written wire decoder
 * (./logs-protobuf-decoder.ts) that yields the same objects as the protobufjs
 * path below.
 *
 * @throws OtlpDecodeError when the body is not a valid encoding of the request message.
 */
export function decodeOtlpProtobuf(signal: OtlpSignal, body: Uint8Array): unknown {
  if (signal !== 'logs') return decodeWithProtobufjs(signal, body);
  const buf = asBuffer(body);
  try {
    return decodeLogsRequest(buf);
  } catch (err) {
    throw invalidRequest(signal, buf, err);
  }
}

/**
 * decodeOtlpProtobuf via protobufjs' generated decode + toObject and the hex
 * id fix-up, for any signal. The reference for the logs decoder's tests.
 *
 * @throws OtlpDecodeError when the body is not a valid encoding of the request message.
 */
export function decodeWithProtobufjs(signal: OtlpSignal, body: Uint8Array): unknown {
  const type = requestType(signal);
  const buf = asBuffer(body);
  let message: protobuf.Message;
  try {
    message = type.decode(buf);
  } catch (err) {
    throw invalidRequest(signal, buf, err);
  }
  const obj = type.toObject(message, TO_OBJECT_OPTIONS);
  HEX_IDS[signal](message as unknown as Msg, obj);
  return obj;
}

function checkCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(value)}`);
  }
  return value;
}

/**
 * Encodes the Export{Logs,Metrics,Trace}ServiceResponse body. Without
 * `partialSuccess` this is the empty message (a zero-length body), meaning
 * full success. With it, `partial_success` carries `rejected` as
 * rejected_log_records / rejected_data_points / rejected_spans.
 */
export function encodeOtlpProtobufResponse(
  signal: OtlpSignal,
  partialSuccess?: { rejected: number; errorMessage: string },
): Uint8Array {
  const type = RESPONSE_TYPES[signal];
  if (type === undefined) throw new TypeError(`Unknown OTLP signal: ${String(signal)}`);
  if (partialSuccess === undefined) return type.encode(type.create()).finish();
  const message = type.fromObject({
    partialSuccess: {
      [REJECTED_FIELD[signal]]: checkCount(partialSuccess.rejected, 'partialSuccess.rejected'),
      errorMessage: partialSuccess.errorMessage,
    },
  });
  return type.encode(message).finish();
}

/** Encodes a google.rpc.Status body (the OTLP/HTTP error response for protobuf requests). */
export function encodeRpcStatusProtobuf(code: number, message: string): Uint8Array {
  if (!Number.isInteger(code) || code < -2147483648 || code > 2147483647) {
    throw new RangeError(`code must be an int32, got ${String(code)}`);
  }
  return STATUS_TYPE.encode(STATUS_TYPE.fromObject({ code, message })).finish();
}
