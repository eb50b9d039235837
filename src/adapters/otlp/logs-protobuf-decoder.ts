// Direct wire-format decoder for OTLP ExportLogsServiceRequest bodies.
//
// Produces exactly what protobufjs' decode + toObject (+ the hex trace/span id
// fix-up) in ./protobuf-codec.ts produce for the same bytes, without building
// message objects first. The semantics below mirror protobufjs 8:
//
// - proto3 implicit presence: a plain scalar holding its default value (0, "",
//   empty bytes) is absent, and a later default occurrence clears an earlier
//   value. Oneof members (AnyValue.*) are always present once seen.
// - A later AnyValue member replaces an earlier one; a singular message field
//   seen twice is merged (repeated fields appended, scalars overwritten).
// - A known field with an unexpected wire type is skipped like an unknown
//   field, not rejected. Unknown fields are discarded.
// - Strings must be valid UTF-8 (proto3 `utf8_validation = VERIFY`).
// - Nesting is limited like protobufjs' `util.recursionLimit`: a message more
//   than MAX_DEPTH levels below the request, or a group nested that deep, is
//   rejected.
//
// Output shape (OTLP/JSON): camelCase keys, repeated fields always present,
// 64-bit integers as decimal strings, enums as numbers, trace/span ids as
// lowercase hex, other bytes as base64, non-finite doubles as strings.

export interface AnyValueJson {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number | string;
  arrayValue?: ArrayValueJson;
  kvlistValue?: KeyValueListJson;
  bytesValue?: string;
}
export interface ArrayValueJson {
  values: AnyValueJson[];
}
export interface KeyValueListJson {
  values: KeyValueJson[];
}
export interface KeyValueJson {
  key?: string;
  value?: AnyValueJson;
}
export interface ResourceJson {
  attributes: KeyValueJson[];
  droppedAttributesCount?: number;
}
export interface InstrumentationScopeJson {
  name?: string;
  version?: string;
  attributes: KeyValueJson[];
  droppedAttributesCount?: number;
}
export interface LogRecordJson {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValueJson;
  attributes: KeyValueJson[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
}
export interface ScopeLogsJson {
  scope?: InstrumentationScopeJson;
  logRecords: LogRecordJson[];
  schemaUrl?: string;
}
export interface ResourceLogsJson {
  resource?: ResourceJson;
  scopeLogs: ScopeLogsJson[];
  schemaUrl?: string;
}
export interface ExportLogsRequestJson {
  resourceLogs: ResourceLogsJson[];
}

/** protobufjs' util.recursionLimit (protoc's default recursion limit). */
export const MAX_DEPTH = 100;

// Wire types.
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const SGROUP = 3;
const EGROUP = 4;
const I32 = 5;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Cursor over the request body. `limit` is the end of the innermost message
 * being decoded; every read is bounds-checked against it.
 */
class WireReader {
  pos = 0;
  limit: number;
  // The result of varint64.
  private lo = 0;
  private hi = 0;
  // The last fixed64 decoded; timeUnixNano and observedTimeUnixNano are often equal.
  private lastLo = 0;
  private lastHi = 0;
  private lastDecimal = '0';

  private readonly strings: SharedStrings;

  constructor(readonly buf: Buffer) {
    this.limit = buf.length;
    this.strings = new SharedStrings(buf);
  }

  more(): boolean {
    return this.pos < this.limit;
  }

  /**
   * Reads a length prefix and narrows the reader to the message it delimits.
   * Returns the outer limit, to be restored with `leave`.
   */
  enter(depth: number): number {
    const length = this.size();
    if (depth > MAX_DEPTH) throw new Error('max depth exceeded');
    const end = this.pos + length;
    if (end > this.limit) throw this.outOfRange(length);
    const outer = this.limit;
    this.limit = end;
    return outer;
  }

  leave(outer: number): void {
    this.limit = outer;
  }

  tag(): number {
    const pos = this.pos;
    if (pos < this.limit && this.buf[pos]! < 0x80) {
      this.pos = pos + 1;
      return this.buf[pos]!;
    }
    return this.varint32(0x0f); // field numbers are 29 bits
  }

  /** A length prefix: at most 2^31 - 1. */
  size(): number {
    const pos = this.pos;
    if (pos < this.limit && this.buf[pos]! < 0x80) {
      this.pos = pos + 1;
      return this.buf[pos]!;
    }
    return this.varint32(0x07);
  }

  /** A varint truncated to its low 32 bits. */
  uint32(): number {
    const pos = this.pos;
    if (pos < this.limit && this.buf[pos]! < 0x80) {
      this.pos = pos + 1;
      return this.buf[pos]!;
    }
    return this.varint32(0xff);
  }

  /** A varint int64 as a signed decimal string. */
  int64(): string {
    const pos = this.pos;
    if (pos < this.limit && this.buf[pos]! < 0x80) {
      this.pos = pos + 1;
      return String(this.buf[pos]!);
    }
    this.varint64();
    return int64ToDecimal(this.lo, this.hi);
  }

  bool(): boolean {
    const { buf, limit } = this;
    let pos = this.pos;
    let value = false;
    for (let i = 0; i < 10; i++) {
      if (pos >= limit) throw this.outOfRange(1);
      const b = buf[pos++]!;
      if (b & 0x7f) value = true;
      if (b < 0x80) {
        this.pos = pos;
        return value;
      }
    }
    throw new Error('invalid varint encoding');
  }

  fixed32(): number {
    const pos = this.pos;
    if (pos + 4 > this.limit) throw this.outOfRange(4);
    this.pos = pos + 4;
    return this.uint32At(pos);
  }

  /** A fixed64 as an unsigned decimal string. */
  fixed64(): string {
    const pos = this.pos;
    if (pos + 8 > this.limit) throw this.outOfRange(8);
    this.pos = pos + 8;
    const lo = this.uint32At(pos);
    const hi = this.uint32At(pos + 4);
    if (lo !== this.lastLo || hi !== this.lastHi) {
      this.lastLo = lo;
      this.lastHi = hi;
      this.lastDecimal = uint64ToDecimal(lo, hi);
    }
    return this.lastDecimal;
  }

  double(): number {
    const pos = this.pos;
    if (pos + 8 > this.limit) throw this.outOfRange(8);
    this.pos = pos + 8;
    return this.buf.readDoubleLE(pos);
  }

  string(): string {
    const start = this.bytes();
    const length = this.pos - start;
    if (length === 0) return '';
    if (length > MAX_SHARED_LENGTH) return decodeUtf8(this.buf, start, this.pos);
    return this.strings.get(start, length);
  }

  hex(): string {
    const start = this.bytes();
    return this.buf.toString('hex', start, this.pos);
  }

  base64(): string {
    const start = this.bytes();
    return this.buf.toString('base64', start, this.pos);
  }

  /** Skips the value of a field protobufjs does not decode (unknown, or a known field with another wire type). */
  skipField(tag: number, depth: number): void {
    this.skipValue(tag & 7, tag >>> 3, depth);
  }

  /** Skips a length-delimited value and returns where it starts; it ends at `pos`. */
  private bytes(): number {
    const length = this.size();
    const start = this.pos;
    if (start + length > this.limit) throw this.outOfRange(length);
    this.pos = start + length;
    return start;
  }

  private uint32At(pos: number): number {
    const buf = this.buf;
    return (buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0;
  }

  /**
   * A varint of up to 10 bytes truncated to 32 bits. The 5th byte may be at
   * most `fifthByteMax`: 0x0f for tags, 0x07 for lengths (protobufjs rejects
   * larger ones), 0xff for values, which may continue to a 10th byte.
   */
  private varint32(fifthByteMax: number): number {
    const { buf, limit } = this;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= limit) throw this.outOfRange(1);
      const b = buf[pos++]!;
      value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    if (pos >= limit) throw this.outOfRange(1);
    const fifth = buf[pos++]!;
    if (fifth > fifthByteMax) throw new Error('invalid varint encoding');
    this.pos = pos;
    if (fifth >= 0x80) this.skipVarintBytes(5);
    return (value | ((fifth & 0x0f) << 28)) >>> 0;
  }

  /** A varint of up to 10 bytes, modulo 2^64, into lo / hi. */
  private varint64(): void {
    const { buf, limit } = this;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= limit) throw this.outOfRange(1);
      const b = buf[pos++]!;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi = bits >>> 4;
      } else hi |= bits << (7 * i - 32); // of the 10th byte only bit 0 fits
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw new Error('invalid varint encoding');
  }

  /** Skips the remaining bytes of a varint, at most `max` of them. */
  private skipVarintBytes(max: number): void {
    const { buf, limit } = this;
    let pos = this.pos;
    for (let i = 0; i < max; i++) {
      if (pos >= limit) throw this.outOfRange(1);
      if (buf[pos++]! < 0x80) {
        this.pos = pos;
        return;
      }
    }
    throw new Error('invalid varint encoding');
  }

  private skipValue(wireType: number, fieldNumber: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new Error('max depth exceeded');
    if (fieldNumber === 0) throw new Error('illegal tag: field number 0');
    switch (wireType) {
      case VARINT:
        this.skipVarintBytes(Infinity); // protobufjs does not bound the length of a skipped varint
        return;
      case I64:
        this.skipBytes(8);
        return;
      case LEN:
        this.skipBytes(this.size());
        return;
      case SGROUP:
        this.skipGroup(fieldNumber, depth);
        return;
      case I32:
        this.skipBytes(4);
        return;
      default:
        throw new Error(`invalid wire type ${wireType} at offset ${this.pos}`);
    }
  }

  private skipBytes(length: number): void {
    if (this.pos + length > this.limit) throw this.outOfRange(length);
    this.pos += length;
  }

  private skipGroup(fieldNumber: number, depth: number): void {
    for (;;) {
      const tag = this.tag();
      const nested = tag >>> 3;
      if (nested === 0) throw new Error('illegal tag: field number 0');
      if ((tag & 7) === EGROUP) {
        if (nested !== fieldNumber) throw new Error('invalid end group tag');
        return;
      }
      this.skipValue(tag & 7, nested, depth + 1);
    }
  }

  private outOfRange(length: number): RangeError {
    return new RangeError(`index out of range: ${this.pos} + ${length} > ${this.limit}`);
  }
}

const MAX_SHARED_LENGTH = 128;

/**
 * Most strings in a batch are repeats (attribute keys, user and session ids,
 * model names). A small direct-mapped cache of where each string was seen in
 * the body lets a repeat reuse the string instead of decoding it again.
 */
class SharedStrings {
  private readonly shift: number;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array; // 0: empty slot
  private readonly strings: string[];

  constructor(private readonly buf: Buffer) {
    // 16 to 1024 slots, about one per 64 bytes of body.
    const bits = Math.min(10, Math.max(4, 31 - Math.clz32(buf.length >>> 6)));
    this.shift = 32 - bits;
    this.starts = new Int32Array(1 << bits);
    this.lengths = new Int32Array(1 << bits);
    this.strings = new Array<string>(1 << bits).fill('');
  }

  get(start: number, length: number): string {
    const buf = this.buf;
    const end = start + length;
    // Hash the length and about eight bytes spread over the string.
    let hash = length;
    for (let i = start, step = (length >>> 3) + 1; i < end; i += step) hash = Math.imul(hash ^ buf[i]!, 0x9e3779b1);
    const slot = hash >>> this.shift;
    if (this.lengths[slot] === length && sameBytes(buf, this.starts[slot]!, start, length)) return this.strings[slot]!;
    const text = decodeUtf8(buf, start, end);
    this.starts[slot] = start;
    this.lengths[slot] = length;
    this.strings[slot] = text;
    return text;
  }
}

function sameBytes(buf: Buffer, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

/** Like protobufjs' strict reader: U+FFFD in the lenient result means either invalid UTF-8 or a literal U+FFFD. */
function decodeUtf8(buf: Buffer, start: number, end: number): string {
  const text = (buf as Buffer & { utf8Slice(start: number, end: number): string }).utf8Slice(start, end);
  return text.indexOf('\uFFFD') === -1 ? text : strictUtf8.decode(buf.subarray(start, end));
}

const TWO_TO_32 = 0x100000000;

/** Exact decimal of hi * 2^32 + lo (both unsigned 32-bit). */
function uint64ToDecimal(lo: number, hi: number): string {
  if (hi <= 0x1fffff) return String(hi * TWO_TO_32 + lo);
  // Above 2^53 (as google-protobuf's joinUnsignedDecimalString): split into
  // 24:24:16-bit parts and sum them in base 1e7, where 2^24 = (1, 6777216) and
  // 2^48 = (2, 8147497, 6710656); no intermediate exceeds 2^53.
  const low = lo & 0xffffff;
  const mid = ((lo >>> 24) | (hi << 8)) & 0xffffff;
  const high = (hi >>> 16) & 0xffff;
  let digitA = low + mid * 6777216 + high * 6710656;
  let digitB = mid + high * 8147497;
  let digitC = high * 2;
  const base = 10000000;
  if (digitA >= base) {
    digitB += Math.floor(digitA / base);
    digitA %= base;
  }
  if (digitB >= base) {
    digitC += Math.floor(digitB / base);
    digitB %= base;
  }
  return String(digitC) + padded1e7(digitB) + padded1e7(digitA);
}

function padded1e7(digit: number): string {
  const s = String(digit);
  return '0000000'.slice(s.length) + s;
}

/** Exact decimal of the two's complement 64-bit integer hi:lo. */
function int64ToDecimal(lo: number, hi: number): string {
  if (hi < 0x80000000) return uint64ToDecimal(lo, hi);
  const negLo = (~lo + 1) >>> 0;
  const negHi = (~hi + (negLo === 0 ? 1 : 0)) >>> 0;
  return '-' + uint64ToDecimal(negLo, negHi);
}

/** OTLP/JSON spells non-finite doubles as strings. */
function jsonDouble(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function nonEmpty(value: string): string | undefined {
  return value === '' ? undefined : value;
}

function nonZero(value: number): number | undefined {
  return value === 0 ? undefined : value;
}

function nonZeroFixed64(value: string): string | undefined {
  return value === '0' ? undefined : value;
}

// ---------------------------------------------------------------------------
// One function per message. Each is called with the reader positioned at the
// message's length prefix and `depth` = its nesting level below the request
// (protobufjs' `q`). Tags are (field number << 3) | wire type. A message that
// is a singular field of its parent takes the value decoded from an earlier
// occurrence of that field (`into`) and merges into it.
// ---------------------------------------------------------------------------

/**
 * Decodes an ExportLogsServiceRequest body (not compressed).
 * @throws Error / RangeError / TypeError when protobufjs would reject the body.
 */
export function decodeLogsRequest(buf: Buffer): ExportLogsRequestJson {
  const r = new WireReader(buf);
  const resourceLogs: ResourceLogsJson[] = [];
  while (r.more()) {
    const tag = r.tag();
    if (tag === 0x0a) resourceLogs.push(decodeResourceLogs(r, 1));
    else r.skipField(tag, 0);
  }
  return { resourceLogs };
}

function decodeResourceLogs(r: WireReader, depth: number): ResourceLogsJson {
  const outer = r.enter(depth);
  let resource: ResourceJson | undefined;
  const scopeLogs: ScopeLogsJson[] = [];
  let schemaUrl: string | undefined;
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case 0x0a: // 1 resource
        resource = decodeResource(r, depth + 1, resource);
        break;
      case 0x12: // 2 scope_logs
        scopeLogs.push(decodeScopeLogs(r, depth + 1));
        break;
      case 0x1a: // 3 schema_url
        schemaUrl = nonEmpty(r.string());
        break;
      default:
        r.skipField(tag, depth);
    }
  }
  r.leave(outer);
  const out: ResourceLogsJson = { scopeLogs };
  if (resource !== undefined) out.resource = resource;
  if (schemaUrl !== undefined) out.schemaUrl = schemaUrl;
  return out;
}

function decodeResource(r: WireReader, depth: number, into: ResourceJson | undefined): ResourceJson {
  const outer = r.enter(depth);
  const attributes = into?.attributes ?? [];
  let droppedAttributesCount = into?.droppedAttributesCount;
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case 0x0a: // 1 attributes
        attributes.push(decodeKeyValue(r, depth + 1));
        break;
      case 0x10: // 2 dropped_attributes_count
        droppedAttributesCount = nonZero(r.uint32());
        break;
      default:
        r.skipField(tag, depth);
    }
  }
  r.leave(outer);
  const out: ResourceJson = { attributes };
  if (droppedAttributesCount !== undefined) out.droppedAttributesCount = droppedAttributesCount;
  return out;
}

function decodeScopeLogs(r: WireReader, depth: number): ScopeLogsJson {
  const outer = r.enter(depth);
  let scope: InstrumentationScopeJson | undefined;
  const logRecords: LogRecordJson[] = [];
  let schemaUrl: string | undefined;
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case 0x0a: // 1 scope
        scope = decodeInstrumentationScope(r, depth + 1, scope);
        break;
      case 0x12: // 2 log_records
        logRecords.push(decodeLogRecord(r, depth + 1));
        break;
      case 0x1a: // 3 schema_url
        schemaUrl = nonEmpty(r.string());
        break;
      default:
        r.skipField(tag, depth);
    }
  }
  r.leave(outer);
  const out: ScopeLogsJson = { logRecords };
  if (scope !== undefined) out.scope = scope;
  if (schemaUrl !== undefined) out.schemaUrl = schemaUrl;
  return out;
}

function decodeInstrumentationScope(
  r: WireReader,
  depth: number,
  into: InstrumentationScopeJson | undefined,
): InstrumentationScopeJson {
  const outer = r.enter(depth);
  let name = into?.name;
  let version = into?.version;
  const attributes = into?.attributes ?? [];
  let droppedAttributesCount = into?.droppedAttributesCount;
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case 0x0a: // 1 name
        name = nonEmpty(r.string());
        break;
      case 0x12: // 2 version
        version = nonEmpty(r.string());
        break;
      case 0x1a: // 3 attributes
        attributes.push(decodeKeyValue(r, depth + 1));
        break;
      case 0x20: // 4 dropped_attributes_count
        droppedAttributesCount = nonZero(r.uint32());
        break;
      default:
        r.skipField(tag, depth);
    }
  }
  r.leave(outer);
  const out: InstrumentationScopeJson = { attributes };
  if (name !== undefined) out.name = name;
  if (version !== undefined) out.version = version;
  if (droppedAttributesCount !== undefined) out.droppedAttributesCount = droppedAttributesCount;
  return out;
}

function decodeLogRecord(r: WireReader, depth: number): LogRecordJson {
  const outer = r.enter(depth);
  let timeUnixNano: string | undefined;
  let observedTimeUnixNano: string | undefined;
  let severityNumber: number | undefined;
  let severityText: string | undefined;
  let body: AnyValueJson | undefined;
  const attributes: KeyValueJson[] = [];
  let droppedAttributesCount: number | undefined;
  let flags: number | undefined;
  let traceId: string | undefined;
  let spanId: string | undefined;
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case 0x09: // 1 time_unix_nano, fixed64
        timeUnixNano = nonZeroFixed64(r.fixed64());
        break;
      case 0x10: // 2 severity_number, enum (int32)
        severityNumber = nonZero(r.uint32() | 0);
        break;
      case 0x1a: // 3 severity_text
        severityText = nonEmpty(r.string());
        break;
      case 0x2a: // 5 body
        body = decodeAnyValue(r, depth + 1, body);
        break;
      case 0x32: // 6 attributes
        attributes.push(decodeKeyValue(r, depth + 1));
        break;
      case 0x38: // 7 dropped_attributes_count
        droppedAttributesCount = nonZero(r.uint32());
        break;
      case 0x45: // 8 flags, fixed32
        flags = nonZero(r.fixed32());
        break;
      case 0x4a: // 9 trace_id
        traceId = nonEmpty(r.hex());
        break;
      case 0x52: // 10 span_id
        spanId = nonEmpty(r.hex());
        break;
      case 0x59: // 11 observed_time_unix_nano, fixed64
        observedTimeUnixNano = nonZeroFixed64(r.fixed64());
        break;
      default:
        r.skipField(tag, depth);
    }
  }
  r.leave(outer);
  const out: LogRecordJson = { attributes };
  if (timeUnixNano !== undefined) out.timeUnixNano = timeUnixNano;
  if (observedTimeUnixNano !== undefined) out.observedTimeUnixNano = observedTimeUnixNano;
  if (severityNumber !== undefined) out.severityNumber = severityNumber;
  if (severityText !== undefined) out.severityText = severityText;
  if (body !== undefined) out.body = body;
  if (droppedAttributesCount !== undefined) out.droppedAttributesCount = droppedAttributesCount;
  if (flags !== undefined) out.flags = flags;
  if (traceId !== undefined) out.traceId = traceId;
  if (spanId !== undefined) out.spanId = spanId;
  return out;
}

function decodeKeyValue(r: WireReader, depth: number): KeyValueJson {
  const outer = r.enter(depth);
  let key: string | undefined;
  let value: AnyValueJson | undefined;
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case 0x0a: // 1 key
        key = nonEmpty(r.string());
        break;
      case 0x12: // 2 value
        value = decodeAnyValue(r, depth + 1, value);
        break;
      default:
        r.skipField(tag, depth);
    }
  }
  r.leave(outer);
  if (key !== undefined && value !== undefined) return { key, value };
  if (key !== undefined) return { key };
  if (value !== undefined) return { value };
  return {};
}

/** The oneof: every member seen replaces the AnyValue object; arrayValue / kvlistValue merge into a preceding one. */
function decodeAnyValue(r: WireReader, depth: number, into: AnyValueJson | undefined): AnyValueJson {
  const outer = r.enter(depth);
  let value = into;
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case 0x0a: // 1 string_value
        value = { stringValue: r.string() };
        break;
      case 0x10: // 2 bool_value
        value = { boolValue: r.bool() };
        break;
      case 0x18: // 3 int_value
        value = { intValue: r.int64() };
        break;
      case 0x21: // 4 double_value
        value = { doubleValue: jsonDouble(r.double()) };
        break;
      case 0x2a: // 5 array_value
        value = { arrayValue: decodeArrayValue(r, depth + 1, value?.arrayValue) };
        break;
      case 0x32: // 6 kvlist_value
        value = { kvlistValue: decodeKeyValueList(r, depth + 1, value?.kvlistValue) };
        break;
      case 0x3a: // 7 bytes_value
        value = { bytesValue: r.base64() };
        break;
      default:
        r.skipField(tag, depth);
    }
  }
  r.leave(outer);
  return value ?? {};
}

function decodeArrayValue(r: WireReader, depth: number, into: ArrayValueJson | undefined): ArrayValueJson {
  const outer = r.enter(depth);
  const values = into?.values ?? [];
  while (r.more()) {
    const tag = r.tag();
    if (tag === 0x0a) values.push(decodeAnyValue(r, depth + 1, undefined)); // 1 values
    else r.skipField(tag, depth);
  }
  r.leave(outer);
  return into ?? { values };
}

function decodeKeyValueList(r: WireReader, depth: number, into: KeyValueListJson | undefined): KeyValueListJson {
  const outer = r.enter(depth);
  const values = into?.values ?? [];
  while (r.more()) {
    const tag = r.tag();
    if (tag === 0x0a) values.push(decodeKeyValue(r, depth + 1)); // 1 values
    else r.skipField(tag, depth);
  }
  r.leave(outer);
  return into ?? { values };
}
