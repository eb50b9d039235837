import { describe, expect, it } from 'vitest';
import { prettyLine } from '../../src/http/pretty-log.ts';

describe('prettyLine (the log on a terminal)', () => {
  it('shows time, level and message first, then the other fields, without pid and hostname', () => {
    const json = JSON.stringify({ level: 40, time: '2026-12-02T01:00:00.000Z', pid: 7, hostname: 'h', msg: 'Redis is unavailable', reqId: 'req-1', res: { statusCode: 503 } });
    expect(prettyLine(`${json}\n`)).toBe('2026-12-02T01:00:00.000Z WARN  Redis is unavailable reqId=req-1 res={"statusCode":503}\n');
  });

  it('puts an error stack on the lines below, and passes a line that is not JSON through', () => {
    const json = JSON.stringify({ level: 50, time: 't', msg: 'request failed', err: { message: 'boom', stack: 'Error: boom\n    at x' } });
    expect(prettyLine(json)).toBe('t ERROR request failed\nError: boom\n    at x\n');
    expect(prettyLine('plain text')).toBe('plain text\n');
  });
});
