/**
 * Prequential (test-then-train) evaluation: every prediction is scored before the learner learns
 * from that step, so the running figures measure generalisation on a stream without a test set.
 */

/** A {@link PrequentialMeter}'s data, as {@link PrequentialMeter.snapshot} gives it. */
export interface PrequentialMeterState {
  window: number;
  lossSum: number;
  lossCount: number;
  correct: number;
  total: number;
  recent: Array<{ loss: number | null; correct: number; total: number }>;
}

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

  /** Everything the meter holds, as plain JSON-able data (a resumable checkpoint). */
  snapshot(): PrequentialMeterState {
    return {
      window: this.window,
      lossSum: this.lossSum,
      lossCount: this.lossCount,
      correct: this.correct,
      total: this.total,
      // NaN (a step without a target) does not survive JSON: such steps are stored as null.
      recent: this.recent.map((entry) => ({
        ...entry,
        loss: entry.total > 0 ? entry.loss : null,
      })),
    };
  }

  /**
   * A meter that continues from {@link PrequentialMeter.snapshot}'s data.
   *
   * @throws RangeError when the data is not a meter snapshot.
   */
  static fromSnapshot(state: PrequentialMeterState): PrequentialMeter {
    const meter = new PrequentialMeter(state.window);
    if (!Array.isArray(state.recent) || state.recent.length > state.window)
      throw new RangeError('not a prequential meter snapshot (its recent window is malformed)');
    meter.lossSum = state.lossSum;
    meter.lossCount = state.lossCount;
    meter.correct = state.correct;
    meter.total = state.total;
    for (const entry of state.recent)
      meter.recent.push({
        loss: entry.loss ?? Number.NaN,
        correct: entry.correct,
        total: entry.total,
      });
    return meter;
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
