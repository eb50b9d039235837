import { METRICS, type MetricKey } from '../metrics/catalogue.ts';

/** Short human numbers for chart labels and axes: 950, 12.3k, 4.5M, $1.2k, 37%. */

const UNITS: Array<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

function trimmed(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
}

function compact(abs: number, smallDecimals: number): string {
  // move up a unit while the number shown would reach 1000 (so 999,949 is "1M", not "1000k")
  let digits = trimmed(abs, abs >= 100 ? 0 : smallDecimals);
  let suffix = '';
  for (const [size, unit] of [...UNITS].reverse()) {
    if (Number(digits) < 1000) break;
    const scaled = abs / size;
    digits = trimmed(scaled, scaled >= 100 ? 0 : 1);
    suffix = unit;
  }
  return `${digits}${suffix}`;
}

export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  // a small ratio (0.05 sessions per dollar) keeps two significant digits instead of rounding to 0.1 or 0
  const text = abs > 0 && abs < 1 ? String(Number(abs.toPrecision(2))) : compact(abs, 1);
  return value < 0 && text !== '0' ? `-${text}` : text;
}

export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  // cents only under $10: $4.20, $41, $950, $1.2k
  const text = abs >= 10 || Number.isInteger(abs) ? compact(Math.round(abs), 0) : abs.toFixed(2);
  return `${value < 0 && text !== '0' ? '-' : ''}$${text}`;
}

/** A fraction 0-1 as a percentage: 37%, 4.5% (one decimal under 10%). */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const pct = fraction * 100;
  return `${trimmed(pct, Math.abs(pct) < 10 ? 1 : 0)}%`;
}

export type NumberFormat = 'count' | 'usd' | 'percent';

/** A catalogue metric's value in its own format (src/domain/metrics/catalogue.ts). */
export function formatMetric(key: MetricKey, value: number | null): string {
  return value === null ? '–' : formatNumber(value, METRICS[key].format);
}

export function formatNumber(value: number, format: NumberFormat): string {
  return format === 'usd' ? formatUsd(value) : format === 'percent' ? formatPercent(value) : formatCount(value);
}
