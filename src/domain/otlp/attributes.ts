import type { AnyValue, KeyValue } from './otlp-json.ts';

export type Scalar = string | number | boolean;

/** Flattens OTLP attributes to scalars; arrays, maps, bytes and empty values (`{}`) are left out. */
export function flattenAttributes(list: KeyValue[] | undefined): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!kv || typeof kv.key !== 'string') continue;
    const v = scalarOf(kv.value);
    if (v !== undefined) out.set(kv.key, v);
  }
  return out;
}

export function scalarOf(value: AnyValue | null | undefined): Scalar | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined && value.intValue !== null) {
    const n = Number(value.intValue);
    return Number.isFinite(n) ? n : undefined;
  }
  if (value.doubleValue !== undefined && value.doubleValue !== null) {
    const n = Number(value.doubleValue);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Attribute lookup across the record's own attributes, then its resource's. */
export class AttributeReader {
  constructor(
    private readonly own: Map<string, Scalar>,
    private readonly resource: Map<string, Scalar>,
  ) {}

  raw(key: string): Scalar | undefined {
    return this.own.get(key) ?? this.resource.get(key);
  }

  /** A non-empty string, or null. Numbers and booleans are turned into strings. */
  str(key: string): string | null {
    const v = this.raw(key);
    if (v === undefined) return null;
    const s = String(v).trim();
    return s === '' ? null : s;
  }

  /** A finite number from a number or a numeric string, or null. */
  num(key: string): number | null {
    const v = this.raw(key);
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'string' && v.trim() !== '') {
      const n = Number(v);
      return Number.isFinite(n) ? n : null;
    }
    return null;
  }

  bool(key: string): boolean | null {
    const v = this.raw(key);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const s = v.trim().toLowerCase();
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
    }
    if (typeof v === 'number') return v !== 0;
    return null;
  }

  /** Own attributes only (resource attributes such as process.command_args never reach the event). */
  ownEntries(): IterableIterator<[string, Scalar]> {
    return this.own.entries();
  }
}

/** Nanoseconds since the epoch (string or number) to a Date; null when absent or zero. */
export function dateFromUnixNano(value: string | number | undefined | null): Date | null {
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') return null;
  const s = String(value);
  if (!/^\d+$/.test(s)) return null;
  const ms = s.length > 6 ? Number(s.slice(0, -6)) : 0;
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : null;
}
