import { createInterface } from 'node:readline/promises';

/** Asks on the terminal; `null` when stdin is not a terminal (then the caller needs the flag). */
export async function ask(question: string, fallback?: string): Promise<string | null> {
  if (!process.stdin.isTTY) return null;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(fallback ? `${question} [${fallback}]: ` : `${question}: `)).trim();
    return answer || fallback || null;
  } finally {
    rl.close();
  }
}
