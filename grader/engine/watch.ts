// Waiting without sleeping: whoever changes the state calls changed(), and every pending until()
// re-checks its condition then. Time limits only ever bound a wait; they never replace one.
export class Watch {
  private readonly wakers = new Set<() => void>();

  changed(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** Resolves with the probe's first defined answer, or undefined when the time is up. */
  until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (value: T | undefined) => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve(value);
      };
      const wake = () => {
        const value = probe();
        if (value !== undefined) done(value);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.wakers.add(wake);
    });
  }
}
