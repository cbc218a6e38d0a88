// A fixed-window rate limit: at most `limit` events per window of `windowMs`, counted from the first
// event of the window. Cheap and predictable, which is what a protocol limit needs: the receiver can
// say exactly when the next event will be accepted (`retry_after_ms`).
export class FixedWindowLimit {
  private windowStart = 0;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event; undefined when it is allowed, else milliseconds until one will be. */
  take(): number | undefined {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    if (this.count >= this.limit) return Math.max(1, this.windowStart + this.windowMs - now);
    this.count += 1;
    return undefined;
  }
}
