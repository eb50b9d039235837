// The hand-written logs decoder against the protobufjs path it replaces
// (decodeWithProtobufjs: protobufjs decode + toObject + hex ids). Every body
// below goes through both; they must agree on accept vs reject and, when both
// accept, produce deep-equal objects (same keys present, -0 vs 0 told apart).
//
// No inherent differences turned up: the mutation tests below assert exact
// agreement. Where protobufjs is lenient (known field with another wire type,
// overlong varints, unbounded skipped varints, merged duplicate messages) the
// new decoder is lenient in the same way; the explicit cases document those.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, MAX_DEPTH } from '../../src/adapters/otlp/logs-protobuf-decoder.ts';
import { decodeOtlpProtobuf, decodeWithProtobufjs, OtlpDecodeError } from '../../src/adapters/otlp/protobuf-codec.ts';
import { FIXTURES } from '../support/fixtures.ts';
import { prng } from '../support/fuzz.ts';

const PROTO_DIR = path.join(import.meta.dirname, '../../src/adapters/otlp/proto');

// An independent protobufjs root, only for encoding test bodies.
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
root.loadSync(['opentelemetry/proto/collector/logs/v1/logs_service.proto']);
root.resolveAll();
const LOGS_REQUEST = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');

function encode(request: object): Buffer {
  const bytes = LOGS_REQUEST.encode(LOGS_REQUEST.fromObject(request)).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---------------------------------------------------------------------------
// Comparing the two decoders
// ---------------------------------------------------------------------------

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function outcome(decode: () => unknown): Outcome {
  try {
    return { ok: true, value: decode() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** undefined when both decoders agree on `body`, else what differs. */
function disagreement(body: Buffer): string | undefined {
  const reference = outcome(() => decodeWithProtobufjs('logs', body));
  const ours = outcome(() => decodeOtlpProtobuf('logs', body));
  for (const o of [reference, ours]) {
    if (!o.ok && !(o.error instanceof OtlpDecodeError)) return `threw ${String(o.error)}`;
  }
  if (reference.ok !== ours.ok) {
    const error = reference.ok ? ours : reference;
    return `${reference.ok ? 'only the new decoder' : 'only protobufjs'} rejects: ${String(!error.ok && error.error)}`;
  }
  if (reference.ok && ours.ok && !isDeepStrictEqual(reference.value, ours.value)) return 'outputs differ';
  return undefined;
}

/** Asserts agreement on every body; returns how many were accepted. */
function expectAgreement(bodies: Iterable<Buffer>): { accepted: number; rejected: number } {
  const problems: string[] = [];
  let accepted = 0;
  let rejected = 0;
  let first: Buffer | undefined;
  for (const body of bodies) {
    const problem = disagreement(body);
    if (problem !== undefined) {
      problems.push(`${problem}: ${body.toString('hex').slice(0, 400)}`);
      first ??= body;
    } else if (outcome(() => decodeLogsRequest(body)).ok) accepted++;
    else rejected++;
  }
  if (first !== undefined) {
    // A readable diff for the first mismatch.
    const reference = outcome(() => decodeWithProtobufjs('logs', first));
    const ours = outcome(() => decodeOtlpProtobuf('logs', first));
    expect(ours).toStrictEqual(reference);
  }
  expect(problems.slice(0, 5)).toEqual([]);
  return { accepted, rejected };
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

function readBody(file: string): Buffer {
  const raw = readFileSync(file);
  return /\.(gz|gzip)$/.test(file) ? gunzipSync(raw) : raw;
}

/** The signal a captured request was sent for, from its .meta.json. */
function signalOf(file: string): string {
  const meta = file.replace(/\.(json|pb|bin)(\.gz|\.gzip)?$/, '.meta.json');
  return (JSON.parse(readFileSync(meta, 'utf8')) as { signal: string }).signal;
}

const ALL_FILES = walk(FIXTURES).sort();
const PROTOBUF_LOGS = ALL_FILES.filter((f) => /\.(pb|bin)(\.gz|\.gzip)?$/.test(f) && signalOf(f) === 'logs');
const JSON_LOGS = ALL_FILES.filter(
  (f) => /\/otlp-json\/.*\.json(\.gz|\.gzip)?$/.test(f) && !f.endsWith('.meta.json') && signalOf(f) === 'logs',
);
const rel = (f: string): string => path.relative(FIXTURES, f);

describe('decodeLogsRequest: fixtures', () => {
  it('finds the protobuf and JSON log fixtures', () => {
    expect(PROTOBUF_LOGS.length).toBeGreaterThanOrEqual(2);
    expect(JSON_LOGS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(PROTOBUF_LOGS.map((f) => [rel(f), f]))('%s decodes like protobufjs', (_name, file) => {
    const body = readBody(file);
    const records = (decodeLogsRequest(body).resourceLogs[0]?.scopeLogs[0]?.logRecords ?? []).length;
    expect(records).toBeGreaterThan(0);
    expect(decodeLogsRequest(body)).toStrictEqual(decodeWithProtobufjs('logs', body));
  });

  // More real-world shapes: the OTLP/JSON log captures, re-encoded as protobuf
  // (their hex ids are read as base64 by fromObject; any bytes will do here).
  it.each(JSON_LOGS.map((f) => [rel(f), f]))('%s re-encoded as protobuf decodes like protobufjs', (_name, file) => {
    const body = encode(JSON.parse(readBody(file).toString('utf8')) as object);
    expect(decodeLogsRequest(body)).toStrictEqual(decodeWithProtobufjs('logs', body));
  });

  it('decodes the concatenation of all protobuf log fixtures (a repeated field across bodies) like protobufjs', () => {
    const body = Buffer.concat(PROTOBUF_LOGS.map(readBody));
    expect(decodeLogsRequest(body)).toStrictEqual(decodeWithProtobufjs('logs', body));
  });
});

// ---------------------------------------------------------------------------
// Random requests, encoded by protobufjs
// ---------------------------------------------------------------------------

const TWO_64 = 1n << 64n;

class Random {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = prng(seed);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  uint32(): number {
    return this.int(0x100000000);
  }

  uint64(): bigint {
    return (BigInt(this.uint32()) << 32n) | BigInt(this.uint32());
  }

  bytes(length = this.int(24)): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }
}

const WORDS = ['', 'a', 'acme', 'user.id', 'session.id', 'event.name', 'claude_code.api_request', 'model', 'x'.repeat(64)];
const UNICODE = ['é', 'ß', '日本語', '😀', '\uFFFD', '\uFEFF', 'Ω≈ç', '\u0000', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '𐍈'];

function randomString(r: Random): string {
  switch (r.int(6)) {
    case 0:
      return '';
    case 1:
    case 2:
      return r.pick(WORDS); // repeats, like attribute keys
    case 3:
      return Array.from({ length: r.int(12) }, () => r.pick(UNICODE)).join('');
    case 4: // past the decoders' short-string paths (64 and 128 bytes)
      return Array.from({ length: 20 + r.int(120) }, () => (r.chance(0.9) ? String.fromCharCode(32 + r.int(95)) : r.pick(UNICODE))).join('');
    default:
      return Array.from({ length: r.int(20) }, () => String.fromCharCode(32 + r.int(95))).join('');
  }
}

function randomUint64(r: Random): string {
  switch (r.int(8)) {
    case 0:
      return '0';
    case 1:
      return String(r.int(1000));
    case 2: // around 2^53
      return String(2n ** 53n + BigInt(r.int(5)) - 2n);
    case 3: // around 2^64
      return String(TWO_64 - 1n - BigInt(r.int(3)));
    case 4: // nanosecond timestamps
      return String(1_700_000_000_000_000_000n + BigInt(r.int(1e9)) * 1_000_000_000n + BigInt(r.int(1e9)));
    case 5: // a single high bit
      return String(1n << BigInt(r.int(64)));
    default:
      return String(r.uint64());
  }
}

function randomInt64(r: Random): string {
  switch (r.int(6)) {
    case 0:
      return '0';
    case 1:
      return String(r.int(300) - 150);
    case 2:
      return r.pick(['9223372036854775807', '-9223372036854775808', '-1', '-9007199254740993', '9007199254740993']);
    default:
      return String(BigInt.asIntN(64, r.uint64()));
  }
}

function randomDouble(r: Random): number {
  switch (r.int(5)) {
    case 0:
      return r.pick([0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE, 0.1]);
    case 1:
      return r.int(1000);
    default:
      return (r.next() - 0.5) * 10 ** (r.int(40) - 20);
  }
}

type Json = Record<string, unknown>;

function randomAnyValue(r: Random, depth: number): Json {
  const members: (() => Json)[] = [
    () => ({ stringValue: randomString(r) }),
    () => ({ boolValue: r.chance(0.5) }),
    () => ({ intValue: randomInt64(r) }),
    () => ({ doubleValue: randomDouble(r) }),
    () => ({ bytesValue: r.bytes() }),
  ];
  if (depth < 4) {
    members.push(
      () => ({ arrayValue: { values: Array.from({ length: r.int(4) }, () => randomAnyValue(r, depth + 1)) } }),
      () => ({ kvlistValue: { values: randomAttributes(r, depth + 1, 4) } }),
    );
  }
  if (r.chance(0.05)) return {};
  // Several members on the wire: the one with the highest field number wins.
  if (r.chance(0.1)) return Object.assign({}, r.pick(members)(), r.pick(members)());
  return r.pick(members)();
}

function randomKeyValue(r: Random, depth: number): Json {
  const kv: Json = {};
  if (r.chance(0.95)) kv.key = randomString(r);
  if (r.chance(0.95)) kv.value = randomAnyValue(r, depth);
  return kv;
}

function randomAttributes(r: Random, depth: number, max: number): Json[] {
  return Array.from({ length: r.int(max) }, () => randomKeyValue(r, depth));
}

function maybe(r: Random, into: Json, key: string, value: () => unknown): void {
  if (r.chance(0.6)) into[key] = value();
}

function randomLogRecord(r: Random): Json {
  const record: Json = {};
  maybe(r, record, 'timeUnixNano', () => randomUint64(r));
  maybe(r, record, 'observedTimeUnixNano', () => (r.chance(0.5) && record.timeUnixNano !== undefined ? record.timeUnixNano : randomUint64(r)));
  maybe(r, record, 'severityNumber', () => r.pick([0, 1, 9, 17, 24, 25, 1000, -1, 2 ** 31 - 1]));
  maybe(r, record, 'severityText', () => randomString(r));
  maybe(r, record, 'body', () => randomAnyValue(r, 0));
  record.attributes = randomAttributes(r, 0, 12);
  maybe(r, record, 'droppedAttributesCount', () => r.pick([0, 1, r.uint32()]));
  maybe(r, record, 'flags', () => r.pick([0, 1, 0xff, r.uint32()]));
  maybe(r, record, 'traceId', () => r.bytes(r.pick([0, 16, 16, 8, 3])));
  maybe(r, record, 'spanId', () => r.bytes(r.pick([0, 8, 8, 16, 1])));
  return record;
}

function randomScope(r: Random): Json {
  const scope: Json = { attributes: randomAttributes(r, 0, 3) };
  maybe(r, scope, 'name', () => randomString(r));
  maybe(r, scope, 'version', () => randomString(r));
  maybe(r, scope, 'droppedAttributesCount', () => r.pick([0, 7, r.uint32()]));
  return scope;
}

function randomRequest(r: Random): Json {
  return {
    resourceLogs: Array.from({ length: r.int(3) }, () => {
      const resourceLogs: Json = {
        scopeLogs: Array.from({ length: r.int(3) }, () => {
          const scopeLogs: Json = { logRecords: Array.from({ length: r.int(6) }, () => randomLogRecord(r)) };
          maybe(r, scopeLogs, 'scope', () => randomScope(r));
          maybe(r, scopeLogs, 'schemaUrl', () => randomString(r));
          return scopeLogs;
        }),
      };
      maybe(r, resourceLogs, 'resource', () => {
        const resource: Json = { attributes: randomAttributes(r, 0, 6) };
        maybe(r, resource, 'droppedAttributesCount', () => r.pick([0, 3, r.uint32()]));
        return resource;
      });
      maybe(r, resourceLogs, 'schemaUrl', () => randomString(r));
      return resourceLogs;
    }),
  };
}

function* encodedRequests(seed: number, count: number): Generator<Buffer> {
  const r = new Random(seed);
  for (let i = 0; i < count; i++) yield encode(randomRequest(r));
}

describe('decodeLogsRequest: random requests encoded by protobufjs', () => {
  it('decodes 3000 random requests like protobufjs', () => {
    const { accepted, rejected } = expectAgreement(encodedRequests(0x5eed, 3000));
    expect(accepted).toBe(3000);
    expect(rejected).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// Random wire-level bodies: what protobufjs' encoder never writes but a
// sender may - fields in any order and repeated, explicit defaults, several
// oneof members, duplicate singular messages (merged), known fields with
// another wire type, unknown fields of every wire type (groups too), overlong
// varints, LogRecord.event_name (12).
// ---------------------------------------------------------------------------

type Scalar = 'string' | 'bytes' | 'uint32' | 'int32' | 'int64' | 'bool' | 'fixed32' | 'fixed64' | 'double';
type MessageName =
  | 'Request'
  | 'ResourceLogs'
  | 'Resource'
  | 'ScopeLogs'
  | 'Scope'
  | 'LogRecord'
  | 'KeyValue'
  | 'AnyValue'
  | 'ArrayValue'
  | 'KeyValueList';
type FieldType = Scalar | MessageName;

const SCHEMA: Record<MessageName, [number, FieldType][]> = {
  Request: [[1, 'ResourceLogs']],
  ResourceLogs: [[1, 'Resource'], [2, 'ScopeLogs'], [3, 'string']],
  Resource: [[1, 'KeyValue'], [2, 'uint32']],
  ScopeLogs: [[1, 'Scope'], [2, 'LogRecord'], [3, 'string']],
  Scope: [[1, 'string'], [2, 'string'], [3, 'KeyValue'], [4, 'uint32']],
  LogRecord: [
    [1, 'fixed64'], [2, 'int32'], [3, 'string'], [5, 'AnyValue'], [6, 'KeyValue'], [7, 'uint32'],
    [8, 'fixed32'], [9, 'bytes'], [10, 'bytes'], [11, 'fixed64'],
  ],
  KeyValue: [[1, 'string'], [2, 'AnyValue']],
  AnyValue: [[1, 'string'], [2, 'bool'], [3, 'int64'], [4, 'double'], [5, 'ArrayValue'], [6, 'KeyValueList'], [7, 'bytes']],
  ArrayValue: [[1, 'AnyValue']],
  KeyValueList: [[1, 'KeyValue']],
};

const WIRE_TYPE: Record<Scalar, number> = {
  string: 2, bytes: 2, uint32: 0, int32: 0, int64: 0, bool: 0, fixed32: 5, fixed64: 1, double: 1,
};

function isMessage(type: FieldType): type is MessageName {
  return type in SCHEMA;
}

/** A varint of `value` (< 2^64), optionally padded with redundant 0x80 bytes to `length` bytes. */
function varint(value: bigint, length = 0): Buffer {
  const groups: number[] = [];
  do {
    groups.push(Number(value & 0x7fn));
    value >>= 7n;
  } while (value > 0n);
  while (groups.length < length) groups.push(0);
  return Buffer.from(groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
}

function varintLength(value: bigint): number {
  return varint(value).length;
}

/** Usually minimal, sometimes overlong up to `max` bytes. */
function randomVarint(r: Random, value: bigint, max: number): Buffer {
  const minimal = varintLength(value);
  return varint(value, r.chance(0.1) && minimal < max ? minimal + 1 + r.int(max - minimal) : 0);
}

function tagBytes(r: Random, field: number, wireType: number): Buffer {
  return randomVarint(r, BigInt(field * 8 + wireType), 5);
}

function delimited(r: Random, content: Buffer): Buffer {
  return Buffer.concat([randomVarint(r, BigInt(content.length), 5), content]);
}

function fixed(bytes: number, value: bigint): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

function scalarValue(r: Random, type: Scalar): Buffer {
  switch (type) {
    case 'string':
      return delimited(r, Buffer.from(randomString(r), 'utf8'));
    case 'bytes':
      return delimited(r, r.bytes(r.pick([0, 8, 16, r.int(20)])));
    case 'uint32': // values past 32 bits are truncated
      return randomVarint(r, r.pick([0n, 1n, BigInt(r.uint32()), r.uint64()]), 10);
    case 'int32':
      return randomVarint(r, BigInt.asUintN(64, BigInt(r.pick([0, 1, 9, -1, -(2 ** 31), 2 ** 31 - 1, r.uint32() | 0]))), 10);
    case 'int64':
      return randomVarint(r, BigInt.asUintN(64, BigInt(randomInt64(r))), 10);
    case 'bool':
      return randomVarint(r, r.pick([0n, 1n, 2n, 0x80n, r.uint64()]), 10);
    case 'fixed32':
      return fixed(4, r.pick([0n, 1n, BigInt(r.uint32())]));
    case 'fixed64':
      return fixed(8, BigInt(randomUint64(r)));
    case 'double': {
      const out = Buffer.alloc(8);
      if (r.chance(0.2)) return r.bytes(8); // any bit pattern, NaN payloads included
      out.writeDoubleLE(randomDouble(r));
      return out;
    }
  }
}

/** A valid value of the given wire type, for a field the decoders skip. Groups nest. */
function skippedValue(r: Random, field: number, wireType: number, depth: number): Buffer {
  switch (wireType) {
    case 0: // protobufjs does not bound the length of a skipped varint
      return randomVarint(r, r.uint64(), r.chance(0.2) ? 16 : 10);
    case 1:
      return r.bytes(8);
    case 2:
      return delimited(r, r.bytes());
    case 3: {
      const nested = Array.from({ length: depth < 3 ? r.int(3) : 0 }, () => {
        const f = 1 + r.int(20);
        const wt = r.pick([0, 1, 2, 3, 5]);
        return Buffer.concat([tagBytes(r, f, wt), skippedValue(r, f, wt, depth + 1)]);
      });
      return Buffer.concat([...nested, tagBytes(r, field, 4)]);
    }
    default:
      return r.bytes(4);
  }
}

function randomField(r: Random, message: MessageName, depth: number): Buffer {
  const roll = r.next();
  if (roll < 0.08) {
    const known = SCHEMA[message].map(([f]) => f);
    const field = r.pick([4, 12, 13, 99, 1000, 2 ** 29 - 1, 16 + r.int(5000)].filter((f) => !known.includes(f)));
    const wireType = r.pick([0, 1, 2, 3, 5]);
    return Buffer.concat([tagBytes(r, field, wireType), skippedValue(r, field, wireType, 0)]);
  }
  const candidates = depth >= 9 ? SCHEMA[message].filter(([, type]) => !isMessage(type)) : SCHEMA[message];
  if (candidates.length === 0) return Buffer.alloc(0);
  const [field, type] = r.pick(candidates);
  const wireType = isMessage(type) ? 2 : WIRE_TYPE[type];
  if (roll < 0.13) {
    const other = r.pick([0, 1, 2, 3, 5].filter((wt) => wt !== wireType));
    return Buffer.concat([tagBytes(r, field, other), skippedValue(r, field, other, 0)]);
  }
  const value = isMessage(type) ? delimited(r, randomMessage(r, type, depth + 1)) : scalarValue(r, type);
  return Buffer.concat([tagBytes(r, field, wireType), value]);
}

const FIELD_COUNT: Record<MessageName, number> = {
  Request: 3, ResourceLogs: 4, Resource: 4, ScopeLogs: 5, Scope: 5, LogRecord: 12, KeyValue: 3,
  AnyValue: 3, ArrayValue: 3, KeyValueList: 3,
};

function randomMessage(r: Random, message: MessageName, depth: number): Buffer {
  const count = depth > 6 ? r.int(2) : r.int(FIELD_COUNT[message] + 1);
  return Buffer.concat(Array.from({ length: count }, () => randomField(r, message, depth)));
}

function* wireRequests(seed: number, count: number): Generator<Buffer> {
  const r = new Random(seed);
  for (let i = 0; i < count; i++) yield randomMessage(r, 'Request', 0);
}

describe('decodeLogsRequest: random wire-level bodies', () => {
  it('decodes 3000 random valid bodies like protobufjs', () => {
    const { accepted, rejected } = expectAgreement(wireRequests(0xb0d1e5, 3000));
    // Every generated body is a valid encoding.
    expect(accepted).toBe(3000);
    expect(rejected).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// Mutated and truncated bodies
// ---------------------------------------------------------------------------

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x08, 0x0a, 0x0b, 0x0c, 0x0e, 0x0f, 0x12, 0x2a, 0xc3, 0xed];

function mutate(r: Random, body: Buffer): Buffer {
  let out = Buffer.from(body);
  for (let n = 1 + r.int(3); n > 0 && out.length > 0; n--) {
    const at = r.int(out.length);
    switch (r.int(7)) {
      case 0:
        out = out.subarray(0, at);
        break;
      case 1:
        out[at] = out[at]! ^ (1 << r.int(8));
        break;
      case 2:
        out[at] = r.int(256);
        break;
      case 3:
        out[at] = r.pick(INTERESTING_BYTES);
        break;
      case 4:
        out = Buffer.concat([out.subarray(0, at), Buffer.from([r.pick(INTERESTING_BYTES)]), out.subarray(at)]);
        break;
      case 5:
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1)]);
        break;
      default: {
        const end = Math.min(out.length, at + 1 + r.int(16));
        out = Buffer.concat([out.subarray(0, end), out.subarray(at, end), out.subarray(end)]);
      }
    }
  }
  return out;
}

function* mutations(seed: number, sources: Buffer[], count: number): Generator<Buffer> {
  const r = new Random(seed);
  for (let i = 0; i < count; i++) yield mutate(r, r.pick(sources));
}

describe('decodeLogsRequest: mutated bodies', () => {
  it('agrees with protobufjs on mutations of random protobufjs-encoded requests', () => {
    const sources = [...encodedRequests(0xabc, 300)].filter((b) => b.length > 0);
    const { accepted, rejected } = expectAgreement(mutations(0x1234, sources, 3000));
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(300);
  });

  it('agrees with protobufjs on mutations of random wire-level bodies', () => {
    const sources = [...wireRequests(0xdef, 300)].filter((b) => b.length > 0);
    const { accepted, rejected } = expectAgreement(mutations(0x5678, sources, 3000));
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(300);
  });

  it('agrees with protobufjs on mutations of the protobuf log fixtures', () => {
    const sources = PROTOBUF_LOGS.map(readBody);
    const { accepted, rejected } = expectAgreement(mutations(0x9abc, sources, 1000));
    expect(accepted).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(50);
  });

  it('agrees with protobufjs on every truncation of a fixture', () => {
    const body = readBody(PROTOBUF_LOGS[0]!);
    const step = Math.max(1, Math.floor(body.length / 1500));
    const truncations = Array.from({ length: Math.ceil(body.length / step) }, (_, i) => body.subarray(0, i * step));
    expectAgreement(truncations);
  });
});

// ---------------------------------------------------------------------------
// Explicit cases
// ---------------------------------------------------------------------------

const b = (...parts: (number | number[] | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : Buffer.from(p))));

/** A length-delimited field: tag byte, length, content. */
const ld = (tag: number, ...content: (number | number[] | Buffer)[]): Buffer => {
  const inner = b(...content);
  return b(tag, varint(BigInt(inner.length)), inner);
};

/** A request with one log record whose encoded fields are `record`. */
const withRecord = (...record: (number | number[] | Buffer)[]): Buffer => ld(0x0a, ld(0x12, ld(0x12, ...record)));

/** A log record body AnyValue nested in `levels` array values around an int. */
function nestedArrays(levels: number): Buffer {
  let anyValue = b(0x18, 0x01);
  for (let i = 0; i < levels; i++) anyValue = ld(0x2a, ld(0x0a, anyValue));
  return withRecord(ld(0x2a, anyValue));
}

/** A log record with an unknown field 12 holding `levels` nested groups. */
function nestedGroups(levels: number): Buffer {
  let group: Buffer = Buffer.alloc(0);
  for (let i = 0; i < levels; i++) group = b(0x63, group, 0x64); // field 12: start group ... end group
  return withRecord(group);
}

function rejectsBoth(body: Buffer): OtlpDecodeError {
  expect(() => decodeWithProtobufjs('logs', body)).toThrow(OtlpDecodeError);
  let error: unknown;
  try {
    decodeOtlpProtobuf('logs', body);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(OtlpDecodeError);
  const e = error as OtlpDecodeError;
  expect(e.signal).toBe('logs');
  expect(e.message).toContain('Invalid OTLP protobuf logs request');
  expect(e.cause).toBeInstanceOf(Error);
  return e;
}

function record(body: Buffer): unknown {
  const decoded = decodeLogsRequest(body);
  expect(decoded).toStrictEqual(decodeWithProtobufjs('logs', body));
  return decoded.resourceLogs[0]!.scopeLogs[0]!.logRecords[0];
}

describe('decodeLogsRequest: malformed bodies throw OtlpDecodeError', () => {
  const cases: [string, Buffer][] = [
    ['a length prefix past the end', b(0x0a, 0x05, 0x01)],
    ['a nested length past its parent', b(0x0a, 0x02, 0x12, 0x05, 0, 0, 0, 0, 0)],
    ['wire type 6', b(0x0e)],
    ['wire type 7', withRecord(0x3f)],
    ['a stray end group', withRecord(0x0c)],
    ['field number 0', b(0x02, 0x00)],
    ['a tag longer than 5 bytes', b(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)],
    ['a tag whose 5th byte is above 0x0f', b(0x8a, 0x80, 0x80, 0x80, 0x10, 0x00)],
    ['a length whose 5th byte is above 7', b(0x0a, 0xff, 0xff, 0xff, 0xff, 0x08)],
    ['an 11-byte int64 varint', withRecord(ld(0x2a, 0x18, new Array<number>(10).fill(0xff), 0x01))],
    ['an 11-byte uint32 varint', withRecord(0x38, new Array<number>(10).fill(0x81), 0x01)],
    ['an 11-byte bool varint', withRecord(ld(0x2a, 0x10, new Array<number>(10).fill(0x80), 0x00))],
    ['a truncated varint', withRecord(0x38, 0x81)],
    ['a truncated fixed64', withRecord(0x09, 1, 2, 3, 4, 5, 6, 7)],
    ['a truncated fixed32', withRecord(0x45, 1, 2, 3)],
    ['a truncated double', withRecord(ld(0x2a, 0x21, 1, 2, 3, 4, 5, 6, 7))],
    ['invalid UTF-8 in a key', withRecord(ld(0x32, ld(0x0a, 0xc3, 0x28)))],
    ['a UTF-8 encoded lone surrogate', withRecord(ld(0x1a, 0xed, 0xa0, 0x80))],
    ['an overlong UTF-8 encoding', withRecord(ld(0x1a, 0xc0, 0xaf))],
    ['invalid UTF-8 in a long string', withRecord(ld(0x1a, Buffer.alloc(200, 0x61), 0xff))],
    ['an unterminated group', withRecord(0x63, 0x08, 0x01)],
    ['a mismatched end group', withRecord(0x63, 0x6c)],
    ['field number 0 inside a group', withRecord(0x63, 0x00, 0x64)],
    [`AnyValue nesting past depth ${MAX_DEPTH}`, nestedArrays(49)],
    [`unknown groups nested past depth ${MAX_DEPTH}`, nestedGroups(MAX_DEPTH)],
  ];

  it.each(cases)('rejects %s', (_name, body) => {
    rejectsBoth(body);
  });

  it(`accepts nesting up to depth ${MAX_DEPTH}, like protobufjs`, () => {
    // body AnyValue is at depth 4; each array level adds 2 (ArrayValue, AnyValue)
    expect(record(nestedArrays(48))).toBeDefined();
    // A group skipped in the record (depth 3) is at depth 3; each nested one adds 1.
    expect(record(nestedGroups(MAX_DEPTH - 2))).toBeDefined();
    rejectsBoth(nestedGroups(MAX_DEPTH - 1));
  });
});

describe('decodeLogsRequest: lenient where protobufjs is', () => {
  it('skips a known field sent with another wire type', () => {
    expect(record(withRecord(0x0d, 1, 2, 3, 4, 0x1a, 0x01, 0x41))).toStrictEqual({ attributes: [], severityText: 'A' });
  });

  it('skips LogRecord.event_name (12), which this schema predates', () => {
    expect(record(withRecord(ld(0x62, Buffer.from('claude_code.api_request')), 0x10, 0x09))).toStrictEqual({
      attributes: [],
      severityNumber: 9,
    });
  });

  it('accepts overlong varints and skips unknown varints of any length', () => {
    expect(record(withRecord(0xb8, 0x80, 0x00, 0x85, 0x80, 0x80, 0x00, 0x78, new Array<number>(20).fill(0xff), 0x01))).toStrictEqual({
      attributes: [],
      droppedAttributesCount: 5,
    });
  });

  it('truncates uint32 varints to 32 bits and keeps negative enum values', () => {
    expect(record(withRecord(0x38, varint((1n << 40n) + 7n), 0x10, varint(TWO_64 - 2n)))).toStrictEqual({
      attributes: [],
      droppedAttributesCount: 7,
      severityNumber: -2,
    });
  });

  it('keeps the last oneof member, and a later default clears an earlier scalar', () => {
    const anyValue = b(0x0a, 0x01, 0x61, 0x18, 0x00); // string_value "a", then int_value 0
    expect(record(withRecord(0x38, 0x05, 0x38, 0x00, ld(0x2a, anyValue), ld(0x4a, 0xab), ld(0x4a)))).toStrictEqual({
      attributes: [],
      body: { intValue: '0' },
    });
  });

  it('merges a repeated singular message field (body array values concatenate)', () => {
    const one = ld(0x2a, ld(0x2a, ld(0x0a, 0x10, 0x01)));
    const two = ld(0x2a, ld(0x2a, ld(0x0a, 0x0a, 0x00)));
    expect(record(withRecord(one, two))).toStrictEqual({
      attributes: [],
      body: { arrayValue: { values: [{ boolValue: true }, { stringValue: '' }] } },
    });
  });

  it('renders 64-bit values exactly and non-finite doubles as strings', () => {
    const time = fixed(8, TWO_64 - 1n);
    const observed = fixed(8, (1n << 53n) + 1n);
    const nan = fixed(8, 0x7ff8000000000001n);
    expect(record(withRecord(0x09, time, 0x59, observed, ld(0x2a, 0x21, nan)))).toStrictEqual({
      attributes: [],
      timeUnixNano: '18446744073709551615',
      observedTimeUnixNano: '9007199254740993',
      body: { doubleValue: 'NaN' },
    });
  });
});
