import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import protobuf from 'protobufjs';
import { readJson } from './fixtures.ts';

/** OTLP/JSON shapes, loose on purpose: tests build both valid and malformed payloads. */
export type Json = any;
export interface OtlpKeyValue {
  key: string;
  value: Json;
}
export interface OtlpLogRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  body?: Json;
  attributes: OtlpKeyValue[];
  [k: string]: unknown;
}

// ---------------------------------------------------------------------------
// Fixture records
// ---------------------------------------------------------------------------

export const CC_TOOLS_LOGS = ['claude-code', 'otlp-json', 'cc-json-tools', '0001-logs.json'] as const;
export const GEMINI_TOOLS_LOGS = ['gemini-cli', 'otlp-json', 'gem-tools', '0003-logs.json'] as const;

/** A deep copy of a fixture file, so each test edits its own. */
export function fixture(...parts: string[]): Json {
  return structuredClone(readJson<Json>(...parts));
}

export function allRecords(request: Json): OtlpLogRecord[] {
  return request.resourceLogs.flatMap((rl: Json) => rl.scopeLogs.flatMap((sl: Json) => sl.logRecords));
}

/** The event name a record carries in `event.name`, `eventName` or its body. */
export function eventNameOf(record: OtlpLogRecord): string {
  const attr = record.attributes.find((a) => a.key === 'event.name')?.value?.stringValue as string | undefined;
  return attr ?? (record['eventName'] as string | undefined) ?? record.body?.stringValue ?? '';
}

/** Deep copies of the fixture's records whose event name ends with `name` (e.g. "api_request"). */
export function recordsNamed(request: Json, name: string): OtlpLogRecord[] {
  return allRecords(request)
    .filter((r) => {
      const n = eventNameOf(r);
      return n === name || n.endsWith(`.${name}`);
    })
    .map((r) => structuredClone(r));
}

export function attr(record: { attributes: OtlpKeyValue[] }, key: string): Json {
  return record.attributes.find((a) => a.key === key)?.value;
}

/** The attribute as a scalar (string, number or boolean) the way a reader of OTLP/JSON would see it. */
export function attrScalar(record: { attributes: OtlpKeyValue[] }, key: string): string | number | boolean | undefined {
  const v = attr(record, key);
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  return undefined;
}

export function anyValue(v: string | number | boolean | string[]): Json {
  if (Array.isArray(v)) return { arrayValue: { values: v.map((s) => ({ stringValue: s })) } };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
}

/** Sets (or adds) an attribute; returns the record for chaining. */
export function setAttr<T extends { attributes: OtlpKeyValue[] }>(record: T, key: string, value: string | number | boolean | string[]): T {
  const existing = record.attributes.find((a) => a.key === key);
  if (existing) existing.value = anyValue(value);
  else record.attributes.push({ key, value: anyValue(value) });
  return record;
}

/** Moves every timestamp of a record to `at`. */
export function setTime(record: OtlpLogRecord, at: Date): OtlpLogRecord {
  const ns = `${BigInt(at.getTime()) * 1_000_000n}`;
  record.timeUnixNano = ns;
  record.observedTimeUnixNano = ns;
  if (attr(record, 'event.timestamp')) setAttr(record, 'event.timestamp', at.toISOString());
  return record;
}

/** A logs request holding `records` under the resource of `template` (a fixture request). */
export function logsRequest(template: Json, records: OtlpLogRecord[]): Json {
  const rl = template.resourceLogs[0];
  return {
    resourceLogs: [{ resource: structuredClone(rl.resource), scopeLogs: [{ scope: structuredClone(rl.scopeLogs[0].scope), logRecords: records }] }],
  };
}

// ---------------------------------------------------------------------------
// Protobuf, with our own protobufjs root over the same .proto files (independent of the codec under test)
// ---------------------------------------------------------------------------

const PROTO_DIR = fileURLToPath(new URL('../../src/adapters/otlp/proto/', import.meta.url));
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
root.loadSync([
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'google/rpc/status.proto',
]);
root.resolveAll();

type Signal = 'logs' | 'metrics' | 'traces';
const SERVICE: Record<Signal, string> = { logs: 'logs', metrics: 'metrics', traces: 'trace' };
const NAME: Record<Signal, string> = { logs: 'Logs', metrics: 'Metrics', traces: 'Trace' };

const requestType = (s: Signal) => root.lookupType(`opentelemetry.proto.collector.${SERVICE[s]}.v1.Export${NAME[s]}ServiceRequest`);
const responseType = (s: Signal) => root.lookupType(`opentelemetry.proto.collector.${SERVICE[s]}.v1.Export${NAME[s]}ServiceResponse`);
const statusType = root.lookupType('google.rpc.Status');

/** Encodes an OTLP/JSON-shaped request (without trace/span ids) as protobuf. */
export function encodeRequest(signal: Signal, request: Json): Buffer {
  const type = requestType(signal);
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

export function decodeResponse(signal: Signal, body: Buffer): Json {
  const type = responseType(signal);
  return type.toObject(type.decode(body), { longs: String, defaults: false });
}

export function decodeStatus(body: Buffer): { code?: number; message?: string } {
  return statusType.toObject(statusType.decode(body), { defaults: false }) as { code?: number; message?: string };
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

export function postOtlp(
  app: FastifyInstance,
  signal: Signal,
  payload: string | Buffer | Json,
  headers: Record<string, string | undefined>,
) {
  const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  const clean = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
  return app.inject({ method: 'POST', url: `/v1/${signal}`, headers: clean, payload: body });
}

export const json = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });
export const proto = (key: string) => ({ 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` });

export async function getSummary(app: FastifyInstance, key: string, from: string, to: string, extra = '') {
  return app.inject({
    method: 'GET',
    url: `/api/v1/summary?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${extra}`,
    headers: { authorization: `Bearer ${key}` },
  });
}
