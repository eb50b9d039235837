/** A mistake in how a command was called: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {}

/** What a command prints, with an exit code other than 0 (commands that succeed return their output alone). */
export class CliOutcome {
  constructor(
    readonly output: unknown,
    readonly exitCode: number,
  ) {}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireOrgId(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw new UsageError('--org <orgId> is required (the orgId printed by `uptake admin org create`).');
  return value;
}
