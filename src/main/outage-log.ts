/** Logs a dependency's outage once when it starts and once when it ends, never once per failed call. */
export interface OutageLog {
  failed(error: unknown): void;
  succeeded(): void;
  readonly down: boolean;
}

/** One line about an error for a log: its code (ECONNREFUSED) or the first line of its message, never a stack. */
export function describeError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && code.length > 0) return code;
  const text = typeof message === 'string' && message.length > 0 ? message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

export function outageLog(name: string, consequence: string, log: (line: string) => void, now: () => number = Date.now): OutageLog {
  let downSince: number | null = null;
  return {
    failed(error) {
      if (downSince !== null) return;
      downSince = now();
      log(`${name} is unavailable (${describeError(error)}): ${consequence}`);
    },
    succeeded() {
      if (downSince === null) return;
      const seconds = Math.round((now() - downSince) / 1000);
      downSince = null;
      log(`${name} is available again after ${seconds} s.`);
    },
    get down() {
      return downSince !== null;
    },
  };
}
