/** Tokens-per-second bookkeeping over training time only (evaluation excluded). */

/** Accumulates processed tokens and the seconds spent processing them. */
export class ThroughputMeter {
  private tokens = 0;
  private seconds = 0;

  /** The totals, as plain data (a resumable checkpoint). */
  snapshot(): { tokens: number; seconds: number } {
    return { tokens: this.tokens, seconds: this.seconds };
  }

  /** Continues from {@link ThroughputMeter.snapshot}'s totals. */
  restore(state: { tokens: number; seconds: number }): void {
    this.tokens = state.tokens;
    this.seconds = state.seconds;
  }

  /** Records one step of `tokens` tokens that took `seconds`. */
  add(tokens: number, seconds: number): void {
    this.tokens += tokens;
    this.seconds += seconds;
  }

  /** Tokens per second so far (0 before the first step). */
  get tokensPerSecond(): number {
    return this.seconds > 0 ? this.tokens / this.seconds : 0;
  }

  /** Training seconds so far. */
  get trainSeconds(): number {
    return this.seconds;
  }
}
