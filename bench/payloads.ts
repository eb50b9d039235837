// Pre-encoded OTLP/HTTP protobuf log batches of Claude Code `claude_code.api_request` records.
//
// Each template is one Claude Code process's export: one resource, one scope, `recordsPerBody` records
// spread over a few sessions of one user, with the attribute set of a real api_request record (see
// test/fixtures/claude-code/otlp-json/cc-json-tools/0001-logs.json). Every record's `request_id` is a
// fixed-width slot that `stamp` overwrites in a copy of the encoded bytes, so every record sent is a new
// row (ingestion dedups api_request records by request_id) without re-encoding during the timed run.

import { randomBytes, randomUUID } from 'node:crypto';
import { encodeLogsRequest } from './otlp-encode.ts';

const REQUEST_ID_PREFIX = 'req_011C';
const SLOT_LENGTH = 20;
const PLACEHOLDER = `${REQUEST_ID_PREFIX}${'!'.repeat(SLOT_LENGTH)}`;

export interface BodyTemplate {
  body: Buffer;
  /** byte offsets of each record's request_id slot (after the prefix) */
  slots: number[];
  records: number;
}

/** Hands out distinct request ids: a per-run tag and a counter, 20 characters. */
export class RequestIds {
  private counter = 0;
  private readonly tag = randomBytes(4).readUInt32BE(0).toString(36).padStart(7, '0').slice(0, 4);

  next(): string {
    this.counter++;
    return `${this.tag}${this.counter.toString(36).padStart(SLOT_LENGTH - 4, '0')}`;
  }

  get issued(): number {
    return this.counter;
  }
}

/** A copy of the template with fresh request ids in every record. */
export function stamp(template: BodyTemplate, ids: RequestIds): Buffer {
  const out = Buffer.allocUnsafe(template.body.length);
  template.body.copy(out);
  for (const offset of template.slots) out.write(ids.next(), offset, SLOT_LENGTH, 'latin1');
  return out;
}

type Attr = { key: string; value: Record<string, unknown> };
const s = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });
const i = (key: string, v: number): Attr => ({ key, value: { intValue: v } });
const d = (key: string, v: number): Attr => ({ key, value: { doubleValue: v } });
const b = (key: string, v: boolean): Attr => ({ key, value: { boolValue: v } });

/** Small deterministic PRNG so runs send comparable payloads. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const MODELS = [
  { name: 'claude-sonnet-4-5-20250929', inPerM: 3, outPerM: 15 },
  { name: 'claude-opus-4-1-20250805', inPerM: 15, outPerM: 75 },
  { name: 'claude-haiku-4-5-20251001', inPerM: 1, outPerM: 5 },
];

interface User {
  userId: string;
  sessions: string[];
}

function makeUsers(count: number, sessionsPerUser: number): User[] {
  return Array.from({ length: count }, () => ({
    userId: randomBytes(32).toString('hex'),
    sessions: Array.from({ length: sessionsPerUser }, () => randomUUID()),
  }));
}

function buildRequest(user: User, records: number, rand: () => number, endMs: number): object {
  const logRecords: object[] = [];
  let promptId = randomUUID();
  let ms = endMs - 2 * 60 * 60 * 1000 + Math.floor(rand() * 60_000);
  for (let n = 0; n < records; n++) {
    if (n % 5 === 0) promptId = randomUUID();
    ms += 1 + Math.floor(rand() * 30_000);
    const model = MODELS[Math.floor(rand() * MODELS.length)]!;
    const input = 1 + Math.floor(rand() * 8000);
    const output = Math.floor(rand() * 2000);
    const cacheRead = Math.floor(rand() * 60_000);
    const cacheCreation = Math.floor(rand() * 20_000);
    const cost = (input * model.inPerM + output * model.outPerM + cacheRead * model.inPerM * 0.1 + cacheCreation * model.inPerM * 1.25) / 1e6;
    const duration = 200 + Math.floor(rand() * 20_000);
    const nanos = `${ms}000000`;
    logRecords.push({
      timeUnixNano: nanos,
      observedTimeUnixNano: nanos,
      body: { stringValue: 'claude_code.api_request' },
      attributes: [
        s('organization.name', 'acme'),
        s('product.name', 'web'),
        s('user.id', user.userId),
        s('session.id', user.sessions[n % user.sessions.length]!),
        s('anthropic.provider', 'firstParty'),
        b('anthropic.custom_base_url', false),
        s('terminal.type', 'vscode'),
        s('event.name', 'api_request'),
        s('event.timestamp', new Date(ms).toISOString()),
        i('event.sequence', n + 1),
        s('prompt.id', promptId),
        s('model', model.name),
        i('input_tokens', input),
        i('output_tokens', output),
        i('cache_read_tokens', cacheRead),
        i('cache_creation_tokens', cacheCreation),
        i('cache_creation_5m_tokens', cacheCreation),
        i('cache_creation_1h_tokens', 0),
        d('cost_usd', cost),
        i('cost_usd_micros', Math.round(cost * 1e6)),
        i('duration_ms', duration),
        i('ttft_ms', Math.floor(duration / 10)),
        s('request_id', PLACEHOLDER),
        s('speed', 'normal'),
        s('query_source', rand() < 0.8 ? 'repl_main_thread' : 'sdk'),
      ],
    });
  }
  return {
    resourceLogs: [
      {
        resource: {
          attributes: [
            s('organization.name', 'acme'),
            s('product.name', 'web'),
            s('host.arch', 'amd64'),
            s('os.type', 'linux'),
            s('os.version', '6.18.44-fc-v669'),
            s('service.name', 'claude-code'),
            s('service.version', '2.1.331'),
          ],
        },
        scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events', version: '2.1.331' }, logRecords }],
      },
    ],
  };
}

function slotsOf(body: Buffer, expected: number): number[] {
  const slots: number[] = [];
  for (let at = body.indexOf(PLACEHOLDER); at !== -1; at = body.indexOf(PLACEHOLDER, at + PLACEHOLDER.length)) {
    slots.push(at + REQUEST_ID_PREFIX.length);
  }
  if (slots.length !== expected) throw new Error(`Found ${slots.length} request_id slots in a body of ${expected} records`);
  return slots;
}

/**
 * `count` distinct encoded bodies of `recordsPerBody` api_request records: `users` users with
 * `sessionsPerUser` sessions each, timestamps in the two hours before `nowMs`.
 */
export function buildTemplates(options: { count: number; recordsPerBody: number; users: number; sessionsPerUser: number; nowMs: number }): BodyTemplate[] {
  const users = makeUsers(options.users, options.sessionsPerUser);
  return Array.from({ length: options.count }, (_, n) => {
    const rand = prng(0x9e3779b9 ^ (n + 1) * 2654435761);
    const body = encodeLogsRequest(buildRequest(users[n % users.length]!, options.recordsPerBody, rand, options.nowMs));
    return { body, slots: slotsOf(body, options.recordsPerBody), records: options.recordsPerBody };
  });
}
