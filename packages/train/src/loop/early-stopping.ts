/**
 * Model selection and early stopping by validation loss (spec 1 §5.3): the best epoch is the one
 * with the lowest val loss; training stops after `patience` epochs without improvement. A NaN
 * loss never improves.
 */
export class EarlyStopping {
  private bestLoss = Number.POSITIVE_INFINITY;
  private epochsWithoutImprovement = 0;

  /** @param patience - epochs without improvement that stop the run (≥ 1) */
  constructor(private readonly patience: number) {}

  /** The counters, as plain data (a resumable checkpoint); `bestLoss` is Infinity before any epoch. */
  snapshot(): { bestLoss: number; epochsWithoutImprovement: number } {
    return { bestLoss: this.bestLoss, epochsWithoutImprovement: this.epochsWithoutImprovement };
  }

  /** Continues from {@link EarlyStopping.snapshot}'s counters. */
  restore(state: { bestLoss: number; epochsWithoutImprovement: number }): void {
    this.bestLoss = state.bestLoss;
    this.epochsWithoutImprovement = state.epochsWithoutImprovement;
  }

  /** Records one epoch's val loss; `improved` marks a new best. */
  observe(valLoss: number): { improved: boolean; shouldStop: boolean } {
    const improved = valLoss < this.bestLoss;
    if (improved) {
      this.bestLoss = valLoss;
      this.epochsWithoutImprovement = 0;
    } else {
      this.epochsWithoutImprovement++;
    }
    return { improved, shouldStop: this.epochsWithoutImprovement >= this.patience };
  }
}
