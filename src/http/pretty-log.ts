/** pino's numeric levels, as pino-pretty names them. */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMITTED = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/** One pino JSON line as a line for people: `<ISO time> <LEVEL> <message> key=value ...` (a non-JSON line as it is). */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = LEVELS[entry['level'] as number] ?? String(entry['level']);
  const fields = Object.entries(entry)
    .filter(([key]) => !OMITTED.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const stack = (entry['err'] as { stack?: unknown } | undefined)?.stack;
  const head = [String(entry['time'] ?? ''), level.padEnd(5), String(entry['msg'] ?? ''), ...fields.filter((f) => !f.startsWith('err='))].join(' ');
  return `${head}${typeof stack === 'string' ? `\n${stack}` : ''}\n`;
}

/** A pino destination that writes readable lines to `out` (a terminal); no pino-pretty dependency. */
export function prettyLogStream(out: { write: (line: string) => void }): { write: (line: string) => void } {
  return { write: (line) => out.write(prettyLine(line)) };
}
