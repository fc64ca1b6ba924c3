/**
 * metrics.jsonl as the app writes it: one JSON object per learner per step, in the spirit of the
 * CLI's `step` events (same field names where they overlap).
 */
import type { LearnerStep } from '../protocol.js';

/** One step of the run as the page keeps it. */
export interface StepRecord {
  step: number;
  epoch: number;
  elapsedSeconds: number;
  learners: LearnerStep[];
  /** Drifting stream: the hidden rule in force. */
  regime?: number;
}

/** The JSON-lines text of `history` (LRU eigenvalues left out; RNN spectral radii kept). */
export function metricsJsonl(history: readonly StepRecord[], backend: string): string {
  const lines: string[] = [];
  for (const record of history) {
    for (const learner of record.learners) {
      lines.push(
        JSON.stringify({
          type: 'step',
          epoch: record.epoch,
          step: record.step,
          rule: learner.rule,
          execution: learner.execution,
          backend,
          loss: learner.loss,
          accuracy: learner.accuracy,
          tokensPerSecond: learner.tokensPerSecond,
          elapsedSeconds: record.elapsedSeconds,
          seqLength: learner.seqLength,
          ...(learner.level ? { level: learner.level } : {}),
          ...(record.regime !== undefined ? { regime: record.regime } : {}),
          ...(learner.spectralRadius ? { spectralRadius: learner.spectralRadius } : {}),
          ...(learner.alignment
            ? {
                alignment: {
                  cosine: learner.alignment.overall.cosine,
                  relativeNorm: learner.alignment.overall.relativeNorm,
                  layers: learner.alignment.layers.map((l) => l.cosine),
                },
              }
            : {}),
        }),
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
