import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, formatUsd } from '../../../src/domain/charts/number-format.ts';

describe('number formatting', () => {
  it.each<[number, string]>([
    [0, '0'], [7, '7'], [2.5, '2.5'], [12.34, '12.3'], [950, '950'], [999, '999'], [1000, '1k'], [1234, '1.2k'], [12_345, '12.3k'],
    [0.05, '0.05'], [0.123, '0.12'], [0.999, '1'], [-0.05, '-0.05'], [0.0004, '0.0004'],
    [999_400, '999k'], [999_949, '1M'], [999_999, '1M'], [999.7, '1k'], [4_500_000, '4.5M'], [123_456_789, '123M'], [3_200_000_000, '3.2B'], [-12_345, '-12.3k'],
  ])('formatCount(%d) = %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });

  it.each<[number, string]>([
    [0, '$0'], [5, '$5'], [4.2, '$4.20'], [99.5, '$100'], [40.92, '$41'], [0.5, '$0.50'], [950, '$950'], [1234, '$1.2k'], [12_500, '$12.5k'], [2_000_000, '$2M'], [-1500, '-$1.5k'],
  ])('formatUsd(%d) = %s', (value, text) => {
    expect(formatUsd(value)).toBe(text);
  });

  it.each<[number, string]>([[0.37, '37%'], [1, '100%'], [0, '0%'], [0.045, '4.5%'], [0.1234, '12%'], [0.999, '100%']])('formatPercent(%d) = %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it('does not print NaN or Infinity', () => {
    expect([formatCount(NaN), formatUsd(Infinity), formatPercent(NaN)]).toEqual(['–', '–', '–']);
  });
});
