import { sql, type RawBuilder } from 'kysely';
import type { ReportSlice } from '../../domain/metrics/rollup-rows.ts';
import { splitIntoWeeks } from '../../domain/metrics/whole-weeks.ts';
import { priceLookup } from './rollup-rebuild.ts';
import { totalTokensSql } from './metric-sql.ts';

// Which rollup table answers a query: the narrowest one that has the grain the filters need. All of them
// give the same numbers (the narrow ones are sums of rollup_daily / rollup_hourly); tests compare them.

export type Source = 'person' | 'model' | 'daily' | 'hourly';

/** Whole days in the org's zone come from daily tables; the last 24 hours and other zones from rollup_hourly. */
function usesDays(slice: ReportSlice): boolean {
  return slice.period.granularity === 'day' && slice.period.timeZone === slice.orgTimeZone;
}

/** The table for per-person questions: rollup_person_daily has no model or project. */
export function personSource(slice: ReportSlice): Source {
  if (!usesDays(slice)) return 'hourly';
  return slice.model || slice.project ? 'daily' : 'person';
}

/** The table for per-model questions: rollup_model_daily has no person. */
export function modelSource(slice: ReportSlice): Source {
  if (!usesDays(slice)) return 'hourly';
  return slice.persons ? 'daily' : 'model';
}

export function instantRange(slice: ReportSlice): { lo: RawBuilder<Date>; hi: RawBuilder<Date> } {
  const p = slice.period;
  if (p.granularity === 'hour') return { lo: sql<Date>`${p.from}::timestamptz`, hi: sql<Date>`${p.to}::timestamptz` };
  return {
    lo: sql<Date>`(${p.from}::date::timestamp AT TIME ZONE ${p.timeZone})`,
    hi: sql<Date>`((${p.to}::date + 1)::timestamp AT TIME ZONE ${p.timeZone})`,
  };
}

function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, '\\$&')}%`;
}

/** The org and the filters that the table of `alias` has columns for. */
export function filters(slice: ReportSlice, alias: string, source: Source | 'sessions'): RawBuilder<unknown> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [sql`${col('org_id')} = ${slice.orgId}`];
  if (slice.persons && source !== 'model') parts.push(sql`${col('person')} = ANY(${slice.persons}::text[])`);
  if (slice.tool) parts.push(sql`${col('tool')} = ${slice.tool}`);
  if (slice.model && source !== 'person') parts.push(sql`${col('model')} ILIKE ${likePattern(slice.model)}`);
  if (slice.project && source !== 'person') parts.push(sql`lower(${col('project')}) = lower(${slice.project})`);
  return sql.join(parts, sql` AND `);
}

const TABLES: Record<Source, string> = {
  person: 'rollup_person_daily',
  model: 'rollup_model_daily',
  daily: 'rollup_daily',
  hourly: 'rollup_hourly',
};

export interface SourceQuery {
  /** `FROM <table> r WHERE <org, filters and period>` */
  from: RawBuilder<unknown>;
  /** a row's day in the period's zone */
  day: RawBuilder<string>;
}

export function sourceQuery(slice: ReportSlice, source: Source): SourceQuery {
  const table = sql.table(TABLES[source]);
  if (source !== 'hourly' && slice.period.granularity === 'day') {
    return {
      from: sql`FROM ${table} r WHERE ${filters(slice, 'r', source)} AND r.day BETWEEN ${slice.period.from}::date AND ${slice.period.to}::date`,
      day: sql<string>`r.day`,
    };
  }
  const { lo, hi } = instantRange(slice);
  return {
    from: sql`FROM rollup_hourly r WHERE ${filters(slice, 'r', 'hourly')} AND r.hour >= ${lo} AND r.hour < ${hi}`,
    day: sql<string>`(r.hour AT TIME ZONE ${slice.period.timeZone})::date`,
  };
}

/**
 * Like `sourceQuery(slice, source).from`, for sums over the whole period only (never per day): from
 * rollup_person_daily, the whole ISO weeks of the period are read from rollup_person_weekly (the same columns, `week`
 * in place of `day`) and only the days around them from the daily table, about half the rows of a 30-day period.
 */
export function totalsFrom(slice: ReportSlice, source: Source): RawBuilder<unknown> {
  const daily = sourceQuery(slice, source).from;
  if (source !== 'person' || slice.period.granularity !== 'day') return daily;
  const { weeks, days } = splitIntoWeeks(slice.period.from, slice.period.to);
  if (weeks === null) return daily;
  const parts = [
    sql`SELECT w.* FROM rollup_person_weekly w WHERE ${filters(slice, 'w', source)} AND w.week BETWEEN ${weeks.first}::date AND ${weeks.last}::date`,
    ...days.map((d) => sql`SELECT d.* FROM rollup_person_daily d WHERE ${filters(slice, 'd', source)} AND d.day BETWEEN ${d.from}::date AND ${d.to}::date`),
  ];
  return sql`FROM (${sql.join(parts, sql` UNION ALL `)}) r WHERE true`;
}

/** API-equivalent value and unpriced tokens: stored in rollup_person_daily, priced per row elsewhere. */
export function valueColumns(source: Source): { join: RawBuilder<unknown>; value: RawBuilder<unknown>; unpriced: RawBuilder<unknown> } {
  if (source === 'person') {
    return { join: sql``, value: sql`coalesce(sum(r.api_value_usd), 0)`, unpriced: sql`coalesce(sum(r.unpriced_tokens), 0)` };
  }
  return {
    join: priceLookup('r'),
    value: sql`coalesce(sum(r.input_tokens * price.pin + r.output_tokens * price.pout + r.cache_read_tokens * price.pcr + r.cache_creation_tokens * price.pcw), 0)`,
    unpriced: sql`coalesce(sum(${totalTokensSql('r')}) FILTER (WHERE price.pin IS NULL), 0)`,
  };
}
