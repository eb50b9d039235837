import { windowMargin, type CallBudget, type CallBudgets } from './call-budget.ts';

interface Slot {
  at: number;
  inFlight: boolean;
}

/**
 * Keeps calls to one endpoint under `limit` per sliding `windowMs`, as the server counts them. A call counts from
 * when its answer came back (the server saw it at or before that instant; counting from the send would let a call
 * that reached the server late share a window with one sent `limit` calls later) and, while in flight, from now.
 * A call waits until fewer than `limit` calls fall within the last window plus a margin. A sliding window also
 * satisfies a server that counts per calendar minute. Calls queue in order. It counts this process's calls only:
 * with several processes, use the Redis budget (src/adapters/redis/redis-rate-budget.ts).
 */
export class RateBudget implements CallBudget {
  private slots: Slot[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly marginMs: number = windowMargin(windowMs),
    private readonly nowMs: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (limit < 1) throw new Error('a rate budget needs a limit of at least 1');
  }

  /** Resolves when one more call may be sent; call the function it gives when the call's answer has come back. */
  take(): Promise<() => void> {
    const turn = this.tail.then(() => this.waitForSlot());
    this.tail = turn.catch(() => {});
    return turn;
  }

  private async waitForSlot(): Promise<() => void> {
    for (;;) {
      const now = this.nowMs();
      const span = this.windowMs + this.marginMs;
      this.slots = this.slots.filter((s) => s.inFlight || s.at > now - span);
      if (this.slots.length < this.limit) break;
      const earliest = Math.min(...this.slots.map((s) => (s.inFlight ? now : s.at)));
      await this.sleep(Math.max(1, earliest + span - now));
    }
    const slot: Slot = { at: this.nowMs(), inFlight: true };
    this.slots.push(slot);
    return () => {
      slot.at = this.nowMs();
      slot.inFlight = false;
    };
  }
}

/** One in-process budget per key and endpoint. */
export const inProcessBudgets: CallBudgets = (_apiKey, _endpoint, limit, windowMs) => new RateBudget(limit, windowMs);
