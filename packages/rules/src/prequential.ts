/**
 * Prequential (test-then-train) evaluation: every prediction is scored before the learner learns
 * from that step, so the running figures measure generalisation on a stream without a test set.
 */

/** Running loss and accuracy over a stream, over all steps and over a recent window. */
export class PrequentialMeter {
  private lossSum = 0;
  private lossCount = 0;
  private correct = 0;
  private total = 0;
  private readonly recent: Array<{ loss: number; correct: number; total: number }> = [];

  /** @param window - steps in the recent (sliding) window; default 1000 */
  constructor(private readonly window = 1000) {
    if (!Number.isInteger(window) || window < 1)
      throw new RangeError(`window must be a positive integer, got ${window}`);
  }

  /** Records one step: its loss (NaN when the step had no target) and prediction counts. */
  record(loss: number, correct: number, total: number): void {
    if (total > 0) {
      this.lossSum += loss;
      this.lossCount += 1;
      this.correct += correct;
      this.total += total;
    }
    this.recent.push({ loss: total > 0 ? loss : Number.NaN, correct, total });
    if (this.recent.length > this.window) this.recent.shift();
  }

  /** Mean loss and accuracy over every scored step so far. */
  get overall(): { loss: number; accuracy: number; steps: number } {
    return {
      loss: this.lossSum / Math.max(this.lossCount, 1),
      accuracy: this.correct / Math.max(this.total, 1),
      steps: this.lossCount,
    };
  }

  /** Mean loss and accuracy over the last `window` steps. */
  get windowed(): { loss: number; accuracy: number } {
    let loss = 0;
    let scored = 0;
    let correct = 0;
    let total = 0;
    for (const entry of this.recent) {
      if (entry.total > 0) {
        loss += entry.loss;
        scored += 1;
      }
      correct += entry.correct;
      total += entry.total;
    }
    return { loss: loss / Math.max(scored, 1), accuracy: correct / Math.max(total, 1) };
  }
}
