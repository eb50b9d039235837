import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface CapturedRequest {
  file: string;
  signal: 'logs' | 'metrics' | 'traces';
  body: Buffer;
  contentType: string;
  contentEncoding: string | null;
}

/** The requests a real client sent in one run, in arrival order, with the headers it sent. */
export function capturedRequests(client: 'claude-code' | 'gemini-cli', encoding: 'otlp-json' | 'otlp-protobuf', run: string): CapturedRequest[] {
  const dir = path.join(FIXTURES, client, encoding, run);
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.meta.json'))
    .sort()
    .map((file) => {
      const meta = JSON.parse(readFileSync(path.join(dir, file.replace(/\.(json|pb)(\.gzip)?$/, '.meta.json')), 'utf8')) as {
        signal: 'logs' | 'metrics' | 'traces';
        contentType: string;
        contentEncoding: string | null;
      };
      return { file, signal: meta.signal, body: readFileSync(path.join(dir, file)), contentType: meta.contentType, contentEncoding: meta.contentEncoding };
    });
}

export function runsOf(client: 'claude-code' | 'gemini-cli', encoding: 'otlp-json' | 'otlp-protobuf'): string[] {
  return readdirSync(path.join(FIXTURES, client, encoding), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, ...parts), 'utf8')) as T;
}

export function readJsonLines<T>(...parts: string[]): T[] {
  return readFileSync(path.join(FIXTURES, ...parts), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
