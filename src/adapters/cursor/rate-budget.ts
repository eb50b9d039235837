/**
 * Keeps calls to one endpoint under `limit` per sliding `windowMs`: a call waits until the oldest of the last
 * `limit` calls is more than a window (plus a margin for the time a request takes to arrive) in the past. A
 * sliding window also satisfies a server that counts per calendar minute. Calls queue in order.
 */
export class RateBudget {
  private readonly sent: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly marginMs: number = Math.max(5, Math.round(windowMs / 60)),
    private readonly nowMs: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (limit < 1) throw new Error('a rate budget needs a limit of at least 1');
  }

  /** Resolves when one more call may be sent, and counts it as sent. */
  take(): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot());
    this.tail = turn.catch(() => {});
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    if (this.sent.length >= this.limit) {
      const oldest = this.sent[this.sent.length - this.limit]!;
      const wait = oldest + this.windowMs + this.marginMs - this.nowMs();
      if (wait > 0) await this.sleep(wait);
    }
    this.sent.push(this.nowMs());
    if (this.sent.length > this.limit) this.sent.splice(0, this.sent.length - this.limit);
  }
}
