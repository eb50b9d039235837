/**
 * The message structure of an OTLP/JSON request, checked before anything is read: a list that is not a list, or a
 * message that is not an object, makes the whole request 400, as the OpenTelemetry Collector answers. Scalar
 * fields and attribute values are not checked here: a bad one only rejects its own record (partialSuccess).
 */
type Shape = { message: Record<string, Shape> } | { list: Shape };

const message = (fields: Record<string, Shape> = {}): Shape => ({ message: fields });
const list = (of: Shape): Shape => ({ list: of });

const ATTRIBUTES = list(message());
const RESOURCE = message({ attributes: ATTRIBUTES });
const SCOPE = message({ attributes: ATTRIBUTES });
const POINTS = message({ dataPoints: list(message({ attributes: ATTRIBUTES })) });

const REQUESTS = {
  logs: message({
    resourceLogs: list(message({ resource: RESOURCE, scopeLogs: list(message({ scope: SCOPE, logRecords: list(message({ attributes: ATTRIBUTES })) })) })),
  }),
  metrics: message({
    resourceMetrics: list(message({
      resource: RESOURCE,
      scopeMetrics: list(message({
        scope: SCOPE,
        metrics: list(message({ sum: POINTS, gauge: POINTS, histogram: POINTS, exponentialHistogram: POINTS, summary: POINTS })),
      })),
    })),
  }),
  traces: message({
    resourceSpans: list(message({ resource: RESOURCE, scopeSpans: list(message({ scope: SCOPE, spans: list(message({ attributes: ATTRIBUTES })) })) })),
  }),
} as const;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function check(value: unknown, shape: Shape, path: string): string | null {
  if ('list' in shape) {
    if (!Array.isArray(value)) return `${path} must be an array, got ${describe(value)}`;
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], shape.list, `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${path} must be an object, got ${describe(value)}`;
  for (const [field, inner] of Object.entries(shape.message)) {
    const v = (value as Record<string, unknown>)[field];
    // An absent or null field is the empty default, as in protobuf.
    if (v === undefined || v === null) continue;
    const problem = check(v, inner, path ? `${path}.${field}` : field);
    if (problem) return problem;
  }
  return null;
}

/** What is wrong with the structure of a parsed OTLP/JSON request, or null when it has the right shape. */
export function otlpShapeProblem(signal: keyof typeof REQUESTS, request: unknown): string | null {
  return check(request, REQUESTS[signal], '');
}
