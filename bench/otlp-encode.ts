// Encodes OTLP ExportLogsServiceRequest protobuf bodies for the benchmark's load generator.
// Loads the same .proto files as src/adapters/otlp/protobuf-codec.ts, the same way (imports are
// resolved against the proto root directory), but only for encoding.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_DIR = fileURLToPath(new URL('../src/adapters/otlp/proto/', import.meta.url));

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin: string, target: string): string => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
  root.loadSync(['opentelemetry/proto/collector/logs/v1/logs_service.proto']);
  root.resolveAll();
  return root;
}

const LOGS_REQUEST = loadRoot().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');

/** Encodes an ExportLogsServiceRequest given in OTLP/JSON shape (camelCase, 64-bit integers as strings). */
export function encodeLogsRequest(request: object): Buffer {
  const problem = LOGS_REQUEST.verify(LOGS_REQUEST.fromObject(request));
  if (problem) throw new Error(`Invalid ExportLogsServiceRequest: ${problem}`);
  const bytes = LOGS_REQUEST.encode(LOGS_REQUEST.fromObject(request)).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
