import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { booleanArrayLiteral, numberArrayLiteral, textArrayLiteral } from '../../src/adapters/postgres/array-literal.ts';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
});
afterAll(() => client.end());

async function roundTrip<T>(literal: string, type: string): Promise<T[]> {
  const result = await client.query<{ v: T[] }>(`SELECT $1::${type}[] AS v`, [literal]);
  return result.rows[0]!.v;
}

describe('Postgres array literals parse back to the same values', () => {
  it('text, including quotes, backslashes, braces, commas, NULL-looking words, unicode and empty strings', async () => {
    const values = ['plain', 'a"b', 'back\\slash', '\\"', '{x,y}', 'a,b', 'NULL', 'null', '', ' spaced ', 'émoji 🚀', '"', null];
    expect(await roundTrip<string | null>(textArrayLiteral(values), 'text')).toEqual(values);
  });

  it('jsonb documents with escapes', async () => {
    const docs = [{ a: 'x"y\\z' }, { 'k,}': [1, 'two'] }, {}];
    const parsed = await roundTrip<unknown>(textArrayLiteral(docs.map((d) => JSON.stringify(d))), 'jsonb');
    expect(parsed).toEqual(docs);
  });

  it('numbers and booleans, with NULLs', async () => {
    expect(await roundTrip<number | null>(numberArrayLiteral([0, -1.5, 1e-7, 12345678901, null]), 'float8')).toEqual([0, -1.5, 1e-7, 12345678901, null]);
    expect(await roundTrip<boolean | null>(booleanArrayLiteral([true, false, null]), 'boolean')).toEqual([true, false, null]);
    expect(await roundTrip<string>(textArrayLiteral([]), 'text')).toEqual([]);
  });

  it('refuses non-finite numbers instead of writing a literal Postgres would misread', () => {
    expect(() => numberArrayLiteral([1, Number.NaN])).toThrow(/element 1/);
  });
});
