import { parseArgs } from 'node:util';

/** The options of the chat benchmarks (`bench:slack`, `bench:teams`): a seeded database, how many runs, which commands. */
export function chatBenchArgs(): { databaseUrl: string | undefined; org: string | undefined; iterations: number; texts: string[] } {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      org: { type: 'string' },
      iterations: { type: 'string', default: '30' },
      text: { type: 'string', multiple: true },
    },
    strict: true,
  });
  return { databaseUrl: values['database-url'], org: values.org, iterations: Number(values.iterations), texts: values.text ?? ['last 30d', 'usage last 30d'] };
}
