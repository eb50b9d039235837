import { describe, expect, it } from 'vitest';
import { cumulativeDelta } from '../../src/domain/otlp/cumulative-delta.ts';

const p = (startNs: string, timeNs: string, value: number) => ({ startNs, timeNs, value });

describe('cumulativeDelta', () => {
  it.each([
    ['first point of a series counts in full', undefined, p('100', '200', 7), 7],
    ['a later point adds the difference', p('100', '200', 7), p('100', '300', 10), 3],
    ['an unchanged value adds nothing', p('100', '200', 7), p('100', '300', 7), 0],
    ['a lower value means the process restarted', p('100', '200', 7), p('100', '300', 2), 2],
    ['a newer start time is a new run', p('100', '200', 7), p('150', '300', 4), 4],
    ['an older start time is a stale run', p('150', '300', 4), p('100', '200', 7), null],
    ['a re-sent point is ignored', p('100', '300', 10), p('100', '300', 10), null],
    ['an out-of-order older point is ignored', p('100', '300', 10), p('100', '250', 9), null],
    ['nanosecond strings of different length compare numerically', p('100', '999', 1), p('100', '1000', 3), 2],
  ])('%s', (_name, previous, point, expected) => {
    expect(cumulativeDelta(previous, point)).toBe(expected);
  });
});
