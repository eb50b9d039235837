/** A mistake in how a command was called: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {}

/** What a command prints, with an exit code other than 0 (commands that succeed return their output alone). */
export class CliOutcome {
  constructor(
    readonly output: unknown,
    readonly exitCode: number,
  ) {}
}

/** Runs one command: prints its output (strings as they are, anything else as JSON) and returns the exit code. */
export async function executeCommand(command: (args: string[]) => Promise<unknown>, args: string[], isUsageError: (e: unknown) => boolean): Promise<number> {
  try {
    const outcome = await command(args);
    const result = outcome instanceof CliOutcome ? outcome.output : outcome;
    process.stdout.write(typeof result === 'string' ? result : `${JSON.stringify(result, null, 2)}\n`);
    return outcome instanceof CliOutcome ? outcome.exitCode : 0;
  } catch (error) {
    if (error instanceof UsageError || isUsageError(error) || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
