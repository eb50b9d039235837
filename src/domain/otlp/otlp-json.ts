/** The OTLP/JSON request shape (protobuf requests are decoded to the same shape). Only what we read. */
export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
}
export interface KeyValue {
  key: string;
  value?: AnyValue | null;
}
export interface Resource {
  attributes?: KeyValue[];
}
export interface LogRecord {
  timeUnixNano?: string | number;
  observedTimeUnixNano?: string | number;
  body?: AnyValue | null;
  attributes?: KeyValue[];
  eventName?: string;
}
export interface ExportLogsRequest {
  resourceLogs?: Array<{ resource?: Resource; scopeLogs?: Array<{ logRecords?: LogRecord[] }> }>;
}
export interface NumberDataPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: string | number;
  timeUnixNano?: string | number;
  asDouble?: number | string;
  asInt?: string | number;
}
export interface Metric {
  name?: string;
  unit?: string;
  sum?: { dataPoints?: NumberDataPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  gauge?: unknown;
  histogram?: unknown;
  exponentialHistogram?: unknown;
  summary?: unknown;
}
export interface ExportMetricsRequest {
  resourceMetrics?: Array<{ resource?: Resource; scopeMetrics?: Array<{ metrics?: Metric[] }> }>;
}

export const TEMPORALITY_DELTA = 1;
export const TEMPORALITY_CUMULATIVE = 2;

/** Untrusted input: a field that should be a list but is not counts as empty. */
export function asArray<T>(value: T[] | undefined | null): T[] {
  return Array.isArray(value) ? value : [];
}
